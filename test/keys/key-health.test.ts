import { beforeEach, describe, expect, it } from 'vitest';
import { forgetKeyHealth, markKeyFailed, markKeyHealthy, orderKeysForRequest } from '../../src/keys/key-health.ts';

beforeEach(() => forgetKeyHealth());

describe('orderKeysForRequest', () => {
  it('offers every key, starting with the one whose turn it is', () => {
    const keys = ['a', 'b', 'c'];
    const firsts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const order = orderKeysForRequest(keys);
      expect([...order].sort()).toEqual(keys);
      firsts.add(order[0]!);
    }
    expect(firsts).toEqual(new Set(keys));
  });

  it('puts cooling keys last, the one that recovers soonest first, until they have cooled down', () => {
    const now = 1_000_000;
    markKeyFailed('a', 'quota', 50_000, now);
    markKeyFailed('b', 'quota', 5_000, now);
    expect(orderKeysForRequest(['a', 'b', 'c'], now)).toEqual(['c', 'b', 'a']);
    expect(orderKeysForRequest(['a', 'b', 'c'], now + 6_000).slice(-1)).toEqual(['a']);
    expect(new Set(orderKeysForRequest(['a', 'b', 'c'], now + 60_000).slice(0, 3))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('brings a key back at once when it works again', () => {
    markKeyFailed('a', 'invalid');
    markKeyHealthy('a');
    expect(orderKeysForRequest(['a'])).toEqual(['a']);
    const order = orderKeysForRequest(['a', 'b']);
    expect(order).toHaveLength(2);
  });
});
