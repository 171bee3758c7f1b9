import { describe, expect, it } from 'vitest';
import { handleChat } from './faces/openai/handle-chat.ts';
import { handleEmbeddings } from './faces/openai/handle-embeddings.ts';
import { handleModel, handleModels } from './faces/openai/handle-models.ts';
import { matchRoute } from './router.ts';

const KINDS = new Map<unknown, string>([
  [handleChat, 'chat'],
  [handleEmbeddings, 'embeddings'],
  [handleModels, 'models'],
  [handleModel, 'model'],
]);

/** What the OpenAI face makes of a request: its kind, the method a path takes when another is sent, or null when the request is not the OpenAI face's. */
function match(method: string, path: string, headers: Record<string, string> = {}) {
  const url = new URL(`http://proxy.test${path}`);
  const { face, route } = matchRoute(new Request(url, { method, headers }), url);
  if (face.name !== 'openai' || !route) return null;
  if (!route.methods.includes(method)) return { methodNotAllowed: route.methods.join(', ') };
  return { kind: KINDS.get(route.handle) };
}

const BEARER = { authorization: 'Bearer k1,k2' };

describe('routes of the OpenAI face', () => {
  it.each([
    ['POST', '/v1/chat/completions', 'chat'],
    ['POST', '/chat/completions', 'chat'],
    ['POST', '/chat', 'chat'],
    ['POST', '/v1/chat/completions/', 'chat'],
    ['POST', '/v1/embeddings', 'embeddings'],
    ['POST', '/embeddings', 'embeddings'],
    ['GET', '/models', 'models'],
  ])('%s %s → %s', (method, path, kind) => {
    expect(match(method, path, BEARER)).toEqual({ kind });
  });

  it('GET /v1/models is OpenAI only with a Bearer key and no Gemini-style key', () => {
    expect(match('GET', '/v1/models', BEARER)).toEqual({ kind: 'models' });
    expect(match('GET', '/v1/models', { ...BEARER, 'x-goog-api-key': 'k1' })).toBeNull();
    expect(match('GET', '/v1/models?key=k1', BEARER)).toBeNull();
    expect(match('GET', '/v1/models', { 'x-goog-api-key': 'k1' })).toBeNull();
    expect(match('GET', '/v1/models')).toBeNull();
    expect(match('POST', '/v1/models', BEARER)).toBeNull();
    expect(match('GET', '/v1/models/gemini-2.5-flash', BEARER)).toEqual({ kind: 'model' });
    expect(match('GET', '/v1/models/gemini-2.5-flash', { 'x-goog-api-key': 'k1' })).toBeNull();
    expect(match('GET', '/v1/models/gemini-2.5-flash:generateContent', BEARER)).toBeNull();
    expect(match('GET', '/models/gemini-2.5-flash')).toEqual({ kind: 'model' });
  });

  it('leaves native paths alone, /v1beta/models always', () => {
    expect(match('GET', '/v1beta/models', BEARER)).toBeNull();
    expect(match('POST', '/v1/models/gemini-2.5-flash:generateContent', BEARER)).toBeNull();
    expect(match('GET', '/v1/models/gemini-2.5-flash', { 'x-goog-api-key': 'k1' })).toBeNull();
  });

  it('names the method an OpenAI path takes', () => {
    expect(match('GET', '/v1/chat/completions')).toEqual({ methodNotAllowed: 'POST' });
    expect(match('POST', '/models')).toEqual({ methodNotAllowed: 'GET' });
  });
});

describe('routes of the Gemini face', () => {
  const faceOf = (method: string, path: string, headers: Record<string, string> = {}) => {
    const url = new URL(`http://proxy.test${path}`);
    const { face, route } = matchRoute(new Request(url, { method, headers }), url);
    return route ? face.name : `none (${face.name} error shape)`;
  };

  it.each(['/v1/models', '/v1/files', '/v1/files/abc', '/v1/cachedContents', '/v1/batches/b1', '/v1/models/gemini-2.5-flash:generateContent', '/v1/interactions', '/v1/fileSearchStores'])(
    'passes %s through with a Gemini-style key',
    (path) => {
      expect(faceOf('GET', path, { 'x-goog-api-key': 'k1' })).toBe('gemini');
    },
  );

  it.each(['/v1beta/anything/at/all', '/v1alpha/models', '/upload/v1beta/files'])('passes everything under %s through', (path) => {
    expect(faceOf('POST', path)).toBe('gemini');
  });

  it.each(['/v1/completions', '/v1/moderations', '/v1/filesx', '/v1/responses/input_tokens'])('serves nothing at %s, answered in OpenAI\'s shape', (path) => {
    expect(faceOf('POST', path, BEARER)).toBe('none (openai error shape)');
  });

  it.each([
    ['POST', '/v1/responses'],
    ['POST', '/responses'],
    ['GET', '/v1/responses/resp_123'],
    ['DELETE', '/v1/responses/resp_123'],
    ['GET', '/v1/responses/resp_123/input_items'],
  ])('serves %s %s on the Responses face', (method, path) => {
    expect(faceOf(method, path, BEARER)).toBe('responses');
  });

  it('answers an Anthropic client\'s unknown path in Anthropic\'s shape', () => {
    expect(faceOf('POST', '/v1/complete', { 'anthropic-version': '2023-06-01', 'x-api-key': 'k1' })).toBe('none (anthropic error shape)');
  });

  it('serves nothing at an unknown path outside /v1/, answered in Gemini\'s shape', () => {
    expect(faceOf('GET', '/favicon.ico')).toBe('none (gemini error shape)');
  });
});
