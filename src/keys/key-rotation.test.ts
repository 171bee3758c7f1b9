import { describe, expect, it } from 'vitest';
import { KeyRotation } from './key-rotation.ts';

const rotation = () => new KeyRotation();

describe('KeyRotation.pick', () => {
  it('gives every key of a list the same share', () => {
    const { pick } = bind(rotation());
    const keys = ['a', 'b', 'c'];
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 300; i++) counts[pick(keys) as 'a' | 'b' | 'c']++;
    expect(counts).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('keeps each list in turn even when requests for two lists interleave', () => {
    const { pick } = bind(rotation());
    const first = ['a1', 'a2'];
    const second = ['b1', 'b2', 'b3'];
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      seen.add(pick(first));
      pick(second);
    }
    expect(seen).toEqual(new Set(first));
  });

  it('refuses an empty list', () => {
    const { pick } = bind(rotation());
    expect(() => pick([])).toThrow();
  });
});

function bind(instance: KeyRotation): { pick: (keys: readonly string[]) => string } {
  return { pick: (keys) => instance.pick(keys) };
}
