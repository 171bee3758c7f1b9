import { describe, expect, it } from 'vitest';
import { adjustJsonSchema } from './adjust-json-schema.ts';

describe('adjustJsonSchema', () => {
  it('drops $schema and the siblings of $ref, at every depth', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        address: { $ref: '#/$defs/address', description: 'Where' },
        tags: { type: 'array', items: { anyOf: [{ $ref: '#/$defs/tag', title: 'Tag' }, { type: 'null' }] } },
      },
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' } }, additionalProperties: false },
        tag: { type: 'string', enum: ['a', 'b'] },
      },
    };
    expect(adjustJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        address: { $ref: '#/$defs/address' },
        tags: { type: 'array', items: { anyOf: [{ $ref: '#/$defs/tag' }, { type: 'null' }] } },
      },
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' } }, additionalProperties: false },
        tag: { type: 'string', enum: ['a', 'b'] },
      },
    });
  });

  it('leaves properties named like keywords, and enum/const/default values, alone', () => {
    const schema = {
      type: 'object',
      properties: { $schema: { type: 'string' }, $ref: { type: 'string', default: { $schema: 'kept' } } },
      enum: [{ $schema: 'kept' }],
    };
    expect(adjustJsonSchema(schema)).toEqual(schema);
  });
});
