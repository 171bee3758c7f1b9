import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { isAccessToken, resolveRequestKeys } from './request-keys.ts';
import { timingSafeEqual } from './timing-safe-equal.ts';

const url = new URL('https://proxy.example/v1beta/models');
const resolve = (headers: Record<string, string>, env: Record<string, string>) => resolveRequestKeys(new Headers(headers), url, readConfig(env), { status: 401, message: 'no key' });

describe('resolveRequestKeys', () => {
  it("uses the client's own keys when there is no pool", () => {
    expect(resolve({ 'x-goog-api-key': 'k1,k2' }, {})).toEqual({ keys: ['k1', 'k2'], source: 'header', fromPool: false });
    expect(resolve({}, {})).toEqual({ status: 401, message: 'no key' });
  });

  it('swaps a valid access token for the pool, keeping where the token was', () => {
    const env = { GEMINI_API_KEYS: 'p1,p2', ACCESS_TOKENS: 't1,t2' };
    expect(resolve({ authorization: 'Bearer t2' }, env)).toEqual({ keys: ['p1', 'p2'], source: 'bearer', fromPool: true });
    expect(resolve({ 'x-goog-api-key': 't1,t2' }, env)).toMatchObject({ status: 401 });
    expect(resolve({ 'x-goog-api-key': 'p1' }, env)).toMatchObject({ status: 401 });
  });

  it('refuses a key with characters no key has, instead of failing to send it', () => {
    expect(resolve({ 'x-goog-api-key': 'k1,k\u00e92' }, {})).toMatchObject({ status: 400, message: expect.stringContaining('Paste only the keys') });
  });

  it('keeps a pool without tokens closed', () => {
    expect(resolve({ 'x-goog-api-key': 'anything' }, { GEMINI_API_KEYS: 'p1' })).toMatchObject({ status: 500, message: expect.stringContaining('ACCESS_TOKENS') });
  });
});

describe('token comparison', () => {
  it('matches only the whole token', () => {
    expect(timingSafeEqual('secret', 'secret')).toBe(true);
    for (const other of ['secre', 'secrets', 'Secret', '']) expect(timingSafeEqual('secret', other)).toBe(false);
    expect(isAccessToken('b', ['a', 'b', 'c'])).toBe(true);
    expect(isAccessToken('d', ['a', 'b', 'c'])).toBe(false);
  });
});
