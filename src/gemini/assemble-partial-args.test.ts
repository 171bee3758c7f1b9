import { describe, expect, it } from 'vitest';
import { PartialArgsAssembler, parseJsonPath } from './assemble-partial-args.ts';

describe('parseJsonPath', () => {
  it.each([
    ['$.location', ['location']],
    ['$.operations[0].action', ['operations', 0, 'action']],
    ["$['a b'][2]", ['a b', 2]],
    ['$["x"].y', ['x', 'y']],
  ])('%s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it('refuses what it cannot read, and __proto__', () => {
    expect(parseJsonPath('location')).toBeUndefined();
    expect(parseJsonPath('$..deep')).toBeUndefined();
    expect(parseJsonPath('$.__proto__.polluted')).toBeUndefined();
  });
});

describe('PartialArgsAssembler', () => {
  it('joins a string streamed in pieces of the same path', () => {
    const args = new PartialArgsAssembler();
    args.apply([{ jsonPath: '$.city', stringValue: 'San ', willContinue: true }]);
    args.apply([{ jsonPath: '$.city', stringValue: 'Fran', willContinue: true }]);
    args.apply([{ jsonPath: '$.city', stringValue: 'cisco' }]);
    expect(args.result()).toEqual({ city: 'San Francisco' });
  });

  it('builds nested objects and arrays; numbers, booleans and null', () => {
    const args = new PartialArgsAssembler();
    args.apply([
      { jsonPath: '$.items[0].name', stringValue: 'apple' },
      { jsonPath: '$.items[0].price', numberValue: 0.5 },
      { jsonPath: '$.items[1].fresh', boolValue: false },
      { jsonPath: '$.note', nullValue: 'NULL_VALUE' },
    ]);
    expect(args.result()).toEqual({ items: [{ name: 'apple', price: 0.5 }, { fresh: false }], note: null });
  });

  it('a new fragment of a finished path replaces it rather than appending', () => {
    const args = new PartialArgsAssembler();
    args.apply([{ jsonPath: '$.a', stringValue: 'x' }, { jsonPath: '$.a', stringValue: 'y' }]);
    expect(args.result()).toEqual({ a: 'y' });
  });

  it('merges complete args', () => {
    const args = new PartialArgsAssembler();
    args.merge({ a: 1 });
    args.apply([{ jsonPath: '$.b', stringValue: 'two' }]);
    expect(args.result()).toEqual({ a: 1, b: 'two' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
