import { describe, expect, it } from 'vitest';
import { describeNetworkError, fetchUpstream, UpstreamUnreachableError, type UpstreamFetch } from './fetch-upstream.ts';

describe('describeNetworkError', () => {
  it('keeps the reason and drops the query of any URL it quotes, where a key may be', () => {
    const deno = new TypeError('error sending request for url (https://generativelanguage.googleapis.com/v1beta/models?key=AIzaSySecret000000000000000000000001): connection refused');
    expect(describeNetworkError(deno)).toBe('error sending request for url (https://generativelanguage.googleapis.com/v1beta/models): connection refused');
    const node = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(describeNetworkError(node)).toBe('connect ECONNREFUSED 127.0.0.1:9');
  });
});

describe('fetchUpstream', () => {
  it('turns a failed connection into a message that names the host and no key', async () => {
    const key = 'AIzaSyPoolSecret0000000000000000000001';
    const failing: UpstreamFetch = (url) => Promise.reject(new TypeError(`error sending request for url (${url})`));
    const failure = fetchUpstream(failing, `https://gateway.example/v1beta/models?key=${key}`, 'GET', new Headers(), null);
    await expect(failure).rejects.toBeInstanceOf(UpstreamUnreachableError);
    await failure.catch((error: Error) => {
      expect(error.message).toContain('gateway.example');
      expect(error.message).not.toContain(key);
    });
  });
});
