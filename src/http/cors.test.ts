import { describe, expect, it } from 'vitest';
import { addCorsHeaders, preflightResponse } from './cors.ts';

const preflight = (headers: Record<string, string> = {}) =>
  preflightResponse(new Request('https://proxy.example/v1beta/models/gemini-2.5-flash:generateContent', { method: 'OPTIONS', headers }));

describe('preflightResponse', () => {
  it('answers 204 with no body, the methods the proxy serves and a day\'s max-age', async () => {
    const response = preflight({ origin: 'https://app.example', 'access-control-request-method': 'POST' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
    const methods = response.headers.get('access-control-allow-methods')?.split(/,\s*/);
    expect(methods).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(response.headers.get('access-control-max-age')).toBe('86400');
  });

  it('allows the headers the browser asks for', () => {
    const response = preflight({ 'access-control-request-headers': 'x-stainless-os, authorization, content-type' });
    expect(response.headers.get('access-control-allow-headers')).toBe('x-stainless-os, authorization, content-type');
  });

  it('allows the key, auth and upload headers when the browser names none', () => {
    for (const response of [preflight(), preflight({ 'access-control-request-headers': '' })]) {
      const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-goog-api-key', 'x-goog-api-client', 'x-goog-upload-protocol', 'x-goog-upload-command', 'x-goog-upload-offset']));
    }
  });

  it('leaves the allowed origin to addCorsHeaders', () => {
    expect(preflight().headers.has('access-control-allow-origin')).toBe(false);
  });
});

describe('addCorsHeaders', () => {
  it('lets any origin read the answer and every header of it, keeping the others', () => {
    const headers = new Headers({ 'content-type': 'application/json', 'x-goog-upload-url': 'https://upload.example/1' });
    addCorsHeaders(headers);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-expose-headers')).toBe('*');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-goog-upload-url')).toBe('https://upload.example/1');
  });

  it('replaces what the upstream said about origins rather than adding to it', () => {
    const headers = new Headers({ 'access-control-allow-origin': 'https://aistudio.google.com', 'access-control-expose-headers': 'date' });
    addCorsHeaders(headers);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-expose-headers')).toBe('*');
  });

  it('gives a preflight answer the allowed origin as well', () => {
    const response = preflight();
    addCorsHeaders(response.headers);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});
