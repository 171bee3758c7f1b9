import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHealth } from './key-health.ts';

let health: KeyHealth;
beforeEach(() => {
  health = new KeyHealth();
});

describe('orderKeysForRequest', () => {
  it('offers every key, starting with the one whose turn it is', () => {
    const keys = ['a', 'b', 'c'];
    const firsts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const order = health.orderForRequest(keys);
      expect([...order.keys].sort()).toEqual(keys);
      expect(order.ready).toBe(3);
      firsts.add(order.keys[0]!);
    }
    expect(firsts).toEqual(new Set(keys));
  });

  it('puts cooling keys last, the one that recovers soonest first, until they have cooled down', () => {
    const now = 1_000_000;
    health.markFailed('a', 'quota', { retryDelayMs: 50_000, now });
    health.markFailed('b', 'quota', { retryDelayMs: 5_000, now });
    expect(health.orderForRequest(['a', 'b', 'c'], undefined, now)).toEqual({ keys: ['c', 'b', 'a'], ready: 1 });
    expect(health.orderForRequest(['a', 'b', 'c'], undefined, now + 6_000).keys.slice(-1)).toEqual(['a']);
    expect(health.orderForRequest(['a', 'b', 'c'], undefined, now + 60_000).ready).toBe(3);
  });

  it('counts quota per model, and every other failure for the key as a whole', () => {
    const now = 1_000_000;
    health.markFailed('a', 'quota', { model: 'gemini-2.5-pro', now });
    expect(health.orderForRequest(['a', 'b'], 'gemini-2.5-pro', now)).toEqual({ keys: ['b', 'a'], ready: 1 });
    expect(health.orderForRequest(['a', 'b'], 'gemini-2.5-flash', now).ready).toBe(2);
    health.markFailed('b', 'invalid', { model: 'gemini-2.5-pro', now });
    expect(health.orderForRequest(['a', 'b'], 'gemini-2.5-flash', now)).toEqual({ keys: ['a', 'b'], ready: 1 });
  });

  it('brings a key back at once when it works again', () => {
    health.markFailed('a', 'invalid');
    health.markFailed('a', 'quota', { model: 'm' });
    health.markHealthy('a', 'm');
    expect(health.orderForRequest(['a', 'b'], 'm').ready).toBe(2);
  });
});
