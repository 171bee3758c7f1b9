import { describe, expect, it } from 'vitest';
import { matchOpenAIRoute } from '../../src/openai/match-openai-route.ts';

function match(method: string, path: string, headers: Record<string, string> = {}) {
  return matchOpenAIRoute(method, new URL(`http://proxy.test${path}`), new Headers(headers));
}

const BEARER = { authorization: 'Bearer k1,k2' };

describe('matchOpenAIRoute', () => {
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
