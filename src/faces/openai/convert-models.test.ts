import { describe, expect, it } from 'vitest';
import { convertModelList } from './convert-models.ts';

describe('convertModelList', () => {
  it('lists every model of every page in OpenAI\'s shape, ids without models/', () => {
    const pages = [
      { models: [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' }, { name: 'models/gemini-embedding-001' }], nextPageToken: 't' },
      { models: [{ name: 'models/gemma-3-27b-it' }, { displayName: 'nameless' }] },
    ];
    expect(convertModelList(pages)).toEqual({
      object: 'list',
      data: [
        { id: 'gemini-2.5-flash', object: 'model', created: 0, owned_by: 'google' },
        { id: 'gemini-embedding-001', object: 'model', created: 0, owned_by: 'google' },
        { id: 'gemma-3-27b-it', object: 'model', created: 0, owned_by: 'google' },
      ],
    });
  });

  it('an empty answer is an empty list', () => {
    expect(convertModelList([{}])).toEqual({ object: 'list', data: [] });
  });
});
