import { describe, expect, it } from 'vitest';
import { convertEmbeddingsRequest, convertEmbeddingsResponse, float32Base64 } from './convert-embeddings.ts';
import { DEFAULT_EMBEDDING_MODEL } from '../../config.ts';
import { ProxyError } from '../../errors.ts';

/** What the official openai Node SDK does with a base64 embedding. */
function decodeLikeTheOpenAISdk(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

describe('convertEmbeddingsRequest', () => {
  it('a string input, dimensions → outputDimensionality, an OpenAI model name → the default model', () => {
    expect(convertEmbeddingsRequest({ model: 'text-embedding-3-small', input: 'hello', dimensions: 256 }, DEFAULT_EMBEDDING_MODEL)).toEqual({
      model: 'gemini-embedding-001',
      encodingFormat: 'float',
      batches: [{ requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 256 }] }],
    });
  });

  it('a list input in order, a Gemini model as given, base64 asked for', () => {
    const converted = convertEmbeddingsRequest({ model: 'models/text-embedding-004', input: ['a', 'b'], encoding_format: 'base64' }, 'gemini-embedding-001');
    expect(converted.model).toBe('text-embedding-004');
    expect(converted.encodingFormat).toBe('base64');
    expect(converted.batches[0]?.requests.map((request) => request.content.parts[0]?.text)).toEqual(['a', 'b']);
  });

  it('splits more than 100 inputs into batches of at most 100', () => {
    const input = Array.from({ length: 250 }, (_, index) => `text ${index}`);
    const { batches } = convertEmbeddingsRequest({ input }, 'gemini-embedding-001');
    expect(batches.map((batch) => batch.requests.length)).toEqual([100, 100, 50]);
    expect(batches[2]?.requests[49]?.content.parts[0]?.text).toBe('text 249');
  });

  it.each([
    [{ input: [] }, 'input must be a string or a non-empty list'],
    [{ input: [1, 2, 3] }, 'input holds token ids'],
    [{ input: 'x', dimensions: -1 }, 'dimensions must be a positive whole number'],
    [{ input: 'x', encoding_format: 'int8' }, 'encoding_format must be "float" or "base64"'],
  ])('refuses %j', (body, message) => {
    expect(() => convertEmbeddingsRequest(body, DEFAULT_EMBEDDING_MODEL)).toThrowError(ProxyError);
    expect(() => convertEmbeddingsRequest(body, DEFAULT_EMBEDDING_MODEL)).toThrowError(message);
  });
});

describe('convertEmbeddingsResponse', () => {
  const responses = [{ embeddings: [{ values: [0.25, -1.5] }] }, { embeddings: [{ values: [3, 0.1] }] }];

  it('floats: one embedding per input across batches, indexed in order', () => {
    expect(convertEmbeddingsResponse(responses, 'gemini-embedding-001', 'float')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, -1.5] },
        { object: 'embedding', index: 1, embedding: [3, 0.1] },
      ],
      model: 'gemini-embedding-001',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  it('base64: little-endian float32 that the openai SDK decodes back to the values', () => {
    const list = convertEmbeddingsResponse(responses, 'gemini-embedding-001', 'base64');
    expect(decodeLikeTheOpenAISdk(list.data[0]?.embedding as string)).toEqual([0.25, -1.5]);
    expect(decodeLikeTheOpenAISdk(list.data[1]?.embedding as string)).toEqual([3, Math.fround(0.1)]);
    expect(float32Base64([1])).toBe('AACAPw==');
  });
});
