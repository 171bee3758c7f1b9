import { bytesToBase64 } from '../../base64.ts';
import { isJsonObject } from '../../json-value.ts';
import { invalidRequest } from '../../errors.ts';
import { resolveEmbeddingModel } from '../../gemini/resolve-model.ts';
import type { GeminiBatchEmbedRequest, GeminiBatchEmbedResponse } from '../../gemini/types.ts';
import type { OpenAIEmbeddingList } from './types.ts';

/** batchEmbedContents takes at most 100 requests; longer input lists are sent in several batches. */
export const MAX_INPUTS_PER_BATCH = 100;
/** OpenAI's own limit for one embeddings request; it also bounds the batches one request makes. */
export const MAX_INPUTS = 2048;

export type EncodingFormat = 'float' | 'base64';

export interface ConvertedEmbeddingsRequest {
  readonly model: string;
  readonly encodingFormat: EncodingFormat;
  readonly batches: GeminiBatchEmbedRequest[];
}

/** An OpenAI embeddings request as Gemini batchEmbedContents requests. */
export function convertEmbeddingsRequest(body: unknown, defaultModel: string): ConvertedEmbeddingsRequest {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "model" and "input".');
  const model = resolveEmbeddingModel(body.model, defaultModel);
  const texts = inputTexts(body.input);
  const dimensions = outputDimensionality(body.dimensions);
  const requests = texts.map((text) => {
    const request: GeminiBatchEmbedRequest['requests'][number] = { model: `models/${model}`, content: { parts: [{ text }] } };
    if (dimensions !== undefined) request.outputDimensionality = dimensions;
    return request;
  });
  const batches: GeminiBatchEmbedRequest[] = [];
  for (let start = 0; start < requests.length; start += MAX_INPUTS_PER_BATCH) {
    batches.push({ requests: requests.slice(start, start + MAX_INPUTS_PER_BATCH) });
  }
  return { model, encodingFormat: encodingFormat(body.encoding_format), batches };
}

/**
 * The vectors of all batches, in input order, as an OpenAI embedding list. `base64` is what the
 * official Node SDK asks for by default: the vector's float32 values, little-endian, base64-encoded.
 */
export function convertEmbeddingsResponse(responses: readonly GeminiBatchEmbedResponse[], model: string, format: EncodingFormat): OpenAIEmbeddingList {
  const vectors = responses.flatMap((response) => response.embeddings ?? []).map((embedding) => embedding.values ?? []);
  return {
    object: 'list',
    data: vectors.map((values, index) => ({ object: 'embedding', index, embedding: format === 'base64' ? float32Base64(values) : values })),
    model,
    // Gemini's batchEmbedContents reports no token counts.
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
}

export function float32Base64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytesToBase64(new Uint8Array(view.buffer));
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > MAX_INPUTS) {
    throw invalidRequest(`input has ${input.length} items; send at most ${MAX_INPUTS} per request.`, 'input');
  }
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return input;
  const tokenArrays = Array.isArray(input) && input.some((item) => typeof item === 'number' || Array.isArray(item));
  throw invalidRequest(
    tokenArrays
      ? 'input holds token ids; Gemini embeds text only. Send the text itself (a string or a list of strings).'
      : 'input must be a string or a non-empty list of strings.',
    'input',
  );
}

function outputDimensionality(dimensions: unknown): number | undefined {
  if (dimensions === undefined || dimensions === null) return undefined;
  if (typeof dimensions === 'number' && Number.isInteger(dimensions) && dimensions > 0) return dimensions;
  throw invalidRequest('dimensions must be a positive whole number, such as 768.', 'dimensions');
}

function encodingFormat(format: unknown): EncodingFormat {
  if (format === undefined || format === null || format === 'float') return 'float';
  if (format === 'base64') return 'base64';
  throw invalidRequest('encoding_format must be "float" or "base64".', 'encoding_format');
}
