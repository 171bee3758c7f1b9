import { describe, expect, it } from 'vitest';
import { upstreamRequestHeaders } from '../http/forward-headers.ts';
import { findClientKeys, placeKey, removeQueryParam } from './client-keys.ts';

const url = (path: string) => new URL(path, 'https://proxy.example');

describe('findClientKeys', () => {
  it('reads x-goog-api-key first, then ?key=, then Authorization: Bearer', () => {
    const all = new Headers({ 'x-goog-api-key': 'h1,h2', authorization: 'Bearer b1' });
    expect(findClientKeys(all, url('/v1beta/models?key=q1'))).toEqual({ source: 'header', keys: ['h1', 'h2'] });
    expect(findClientKeys(new Headers({ authorization: 'Bearer b1' }), url('/x?key=q1,q2'))).toEqual({ source: 'query', keys: ['q1', 'q2'] });
    expect(findClientKeys(new Headers({ authorization: 'bearer b1, b2' }), url('/x'))).toEqual({ source: 'bearer', keys: ['b1', 'b2'] });
  });

  it('reads x-api-key (Anthropic clients) after x-goog-api-key, as a header list that goes upstream as x-goog-api-key only', () => {
    expect(findClientKeys(new Headers({ 'x-api-key': 'a1;a2', authorization: 'Bearer b1' }), url('/v1/messages?key=q1'))).toEqual({ source: 'header', keys: ['a1', 'a2'] });
    expect(findClientKeys(new Headers({ 'x-goog-api-key': 'h1', 'x-api-key': 'a1' }), url('/x'))).toEqual({ source: 'header', keys: ['h1'] });
    const upstream = upstreamRequestHeaders(new Headers({ 'x-api-key': 'a1', 'x-goog-api-client': 'genai-js' }));
    expect(placeKey('header', 'a1', upstream, '')).toBe('');
    expect([...upstream.keys()].sort()).toEqual(['x-goog-api-client', 'x-goog-api-key']);
  });

  it('finds nothing without a key', () => {
    expect(findClientKeys(new Headers({ authorization: 'Basic abc' }), url('/x?key='))).toBeNull();
  });
});

describe('placeKey', () => {
  it('puts the chosen key where the list was and drops lists from the query', () => {
    const headers = new Headers();
    expect(placeKey('header', 'k1', headers, '?alt=sse&key=k1,k2')).toBe('?alt=sse');
    expect(headers.get('x-goog-api-key')).toBe('k1');

    const bearer = new Headers();
    expect(placeKey('bearer', 'k2', bearer, '')).toBe('');
    expect(bearer.get('authorization')).toBe('Bearer k2');

    expect(placeKey('query', 'k/3', new Headers(), '?key=a,b&alt=sse')).toBe('?alt=sse&key=k%2F3');
  });
});

describe('removeQueryParam', () => {
  it('removes only the named parameter and keeps the others byte for byte', () => {
    expect(removeQueryParam('?a=1%202&key=x&b=+c&keyx=1', 'key')).toBe('?a=1%202&b=+c&keyx=1');
    expect(removeQueryParam('?k%65y=x', 'key')).toBe('');
    expect(removeQueryParam('?bad=%E0%A4%A&key=x', 'key')).toBe('?bad=%E0%A4%A');
  });
});
