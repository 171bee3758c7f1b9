import { describe, expect, it } from 'vitest';
import { parseKeyList } from './parse-key-list.ts';

describe('parseKeyList', () => {
  it('splits on commas and forgives spaces, line breaks and empty entries', () => {
    expect(parseKeyList(' k1, k2 ,,k3\nk4 ')).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('also splits on semicolons and the comma, semicolon and enumeration comma of a Chinese keyboard', () => {
    expect(parseKeyList('k1；k2，k3、k4;k5')).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('counts a repeated key once', () => {
    expect(parseKeyList('k1,k2,k1')).toEqual(['k1', 'k2']);
  });

  it('gives nothing for nothing', () => {
    expect(parseKeyList(null)).toEqual([]);
    expect(parseKeyList(' , ')).toEqual([]);
  });
});
