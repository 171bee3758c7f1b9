import { describe, expect, it } from 'vitest';
import { maskKey, redactKeys } from './mask-key.ts';

describe('maskKey', () => {
  it('keeps a short prefix and suffix of a real key', () => {
    expect(maskKey('AIzaSyD3abcdefghijklmnopqrstuvwxyz12wxyz')).toBe('AIzaSy…wxyz');
  });

  it('never shows the whole of a short key', () => {
    for (const key of ['a', 'abcd', 'abcdefgh', 'abcdefghij']) {
      expect(maskKey(key)).not.toContain(key);
    }
  });
});

describe('redactKeys', () => {
  it('masks every occurrence of each key in a text', () => {
    const key = 'AIzaSyD3abcdefghijklmnopqrstuvwxyz12wxyz';
    expect(redactKeys(`bad ${key} and ${key}`, [key])).toBe('bad AIzaSy…wxyz and AIzaSy…wxyz');
  });
});
