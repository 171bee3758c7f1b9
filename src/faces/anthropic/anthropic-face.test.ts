import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';
import { convertCountTokensResponse } from './convert-count-tokens.ts';
import { convertModelList } from './convert-models.ts';

const route = (path: string, init: RequestInit = {}) => {
  const request = new Request(`https://proxy.example${path}`, init);
  return matchRoute(request, new URL(request.url)).face.name;
};

describe('the Anthropic routes', () => {
  it("serves /v1/messages (with Claude Code's ?beta=true) and count_tokens", () => {
    expect(route('/v1/messages?beta=true', { method: 'POST' })).toBe('anthropic');
    expect(route('/v1/messages/count_tokens', { method: 'POST' })).toBe('anthropic');
  });

  it('takes GET /v1/models only from requests with Anthropic headers', () => {
    expect(route('/v1/models', { headers: { 'anthropic-version': '2023-06-01', authorization: 'Bearer k' } })).toBe('anthropic');
    expect(route('/v1/models/claude-haiku-4-5', { headers: { 'x-api-key': 'k' } })).toBe('anthropic');
    expect(route('/v1/models', { headers: { authorization: 'Bearer k' } })).toBe('openai');
    expect(route('/v1/models', { headers: { 'x-goog-api-key': 'k' } })).toBe('gemini');
  });
});

describe('model list and token count', () => {
  it("lists Gemini's generating models in Anthropic's shape", () => {
    const list = convertModelList([
      { models: [{ name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', supportedGenerationMethods: ['generateContent'] }, { name: 'models/embedding-001', supportedGenerationMethods: ['embedContent'] }] },
      { models: [{ name: 'models/gemini-3-flash-preview' }] },
    ]);
    expect(list).toEqual({
      data: [
        { type: 'model', id: 'gemini-2.5-pro', display_name: 'Gemini 2.5 Pro', created_at: '1970-01-01T00:00:00Z' },
        { type: 'model', id: 'gemini-3-flash-preview', display_name: 'gemini-3-flash-preview', created_at: '1970-01-01T00:00:00Z' },
      ],
      has_more: false,
      first_id: 'gemini-2.5-pro',
      last_id: 'gemini-3-flash-preview',
    });
    expect(convertModelList([{}])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it("reads Gemini's total as input_tokens", () => {
    expect(convertCountTokensResponse({ totalTokens: 42 })).toEqual({ input_tokens: 42 });
  });
});
