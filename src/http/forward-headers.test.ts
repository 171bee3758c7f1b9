import { describe, expect, it } from 'vitest';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './forward-headers.ts';

const names = (headers: Headers) => [...headers.keys()].sort();

describe('upstreamRequestHeaders', () => {
  it('sends upstream only accept, content-type, user-agent and x-goog-* headers, with their values', () => {
    const incoming = new Headers({
      Accept: 'text/event-stream',
      'Content-Type': 'application/json',
      'User-Agent': 'google-genai-sdk/1.0',
      'X-Goog-Api-Client': 'genai-js/1.0',
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
    });
    const outgoing = upstreamRequestHeaders(incoming);
    expect(names(outgoing)).toEqual(['accept', 'content-type', 'user-agent', 'x-goog-api-client', 'x-goog-upload-command', 'x-goog-upload-protocol']);
    expect(outgoing.get('accept')).toBe('text/event-stream');
    expect(outgoing.get('content-type')).toBe('application/json');
    expect(outgoing.get('user-agent')).toBe('google-genai-sdk/1.0');
    expect(outgoing.get('x-goog-api-client')).toBe('genai-js/1.0');
    expect(outgoing.get('x-goog-upload-protocol')).toBe('resumable');
  });

  it('never sends the client\'s x-goog-api-key: keys are placed separately', () => {
    const outgoing = upstreamRequestHeaders(new Headers({ 'X-Goog-Api-Key': 'AIzaSyClientKey0000abcd', 'content-type': 'application/json' }));
    expect(outgoing.has('x-goog-api-key')).toBe(false);
    expect(names(outgoing)).toEqual(['content-type']);
  });

  it.each([
    ['cookie', 'session=secret'],
    ['host', 'proxy.example'],
    ['authorization', 'Bearer sk-token'],
    ['x-forwarded-for', '203.0.113.7'],
    ['x-forwarded-host', 'proxy.example'],
    ['x-forwarded-proto', 'https'],
    ['cf-connecting-ip', '203.0.113.7'],
    ['cf-ipcountry', 'DE'],
    ['cf-ray', '8abc'],
    ['x-vercel-forwarded-for', '203.0.113.7'],
    ['x-vercel-id', 'fra1::abc'],
    ['x-nf-client-connection-ip', '203.0.113.7'],
    ['x-nf-request-id', '01ABC'],
    ['x-real-ip', '203.0.113.7'],
    ['origin', 'https://site.example'],
    ['referer', 'https://site.example/page'],
    ['x-api-key', 'sk-ant-token'],
  ])('does not send %s upstream', (name, value) => {
    const outgoing = upstreamRequestHeaders(new Headers({ [name]: value, accept: '*/*' }));
    expect(outgoing.has(name)).toBe(false);
    expect(names(outgoing)).toEqual(['accept']);
  });

  it('sends nothing for a request with no headers', () => {
    expect(names(upstreamRequestHeaders(new Headers()))).toEqual([]);
  });
});

describe('downstreamResponseHeaders', () => {
  it.each([
    'connection',
    'keep-alive',
    'proxy-authenticate',
    'proxy-authorization',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
    'content-encoding',
    'content-length',
    'set-cookie',
    'alt-svc',
  ])('drops %s', (name) => {
    const outgoing = downstreamResponseHeaders(new Headers({ [name]: 'x', 'content-type': 'application/json' }));
    expect(outgoing.has(name)).toBe(false);
    expect(outgoing.get('content-type')).toBe('application/json');
  });

  it('keeps every other header with its value', () => {
    const upstream = new Headers({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Content-Encoding': 'gzip',
      'Content-Length': '1234',
      'Transfer-Encoding': 'chunked',
      Connection: 'keep-alive',
      'Set-Cookie': 'NID=1; Domain=.google.com',
      'Alt-Svc': 'h3=":443"; ma=2592000',
      'Cache-Control': 'private',
      Date: 'Thu, 26 Nov 2026 12:00:00 GMT',
      Vary: 'Origin',
      'Server-Timing': 'gfet4t7; dur=512',
      'X-Goog-Upload-URL': 'https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=abc',
      'X-Goog-Upload-Status': 'active',
    });
    const outgoing = downstreamResponseHeaders(upstream);
    expect(names(outgoing)).toEqual(['cache-control', 'content-type', 'date', 'server-timing', 'vary', 'x-goog-upload-status', 'x-goog-upload-url']);
    expect(outgoing.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(outgoing.get('x-goog-upload-url')).toBe('https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=abc');
    expect(outgoing.get('server-timing')).toBe('gfet4t7; dur=512');
  });
});
