import { invalidRequest } from '../../errors.ts';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject } from '../../json-value.ts';
import { formFiles, formText, inlineDataOf } from './read-form-body.ts';
import { resolveImageModel } from './resolve-media-model.ts';

/** OpenAI's own limit of images per request; it also bounds the upstream calls one request makes. */
export const MAX_IMAGES = 10;
/** Gemini's image aspect ratios: an OpenAI size becomes the nearest of them. */
export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const OUTPUT_FORMATS = new Set(['png', 'jpeg', 'webp']);

export type ImageResponseFormat = 'b64_json' | 'url';

/** Imagen's `:predict` request. */
export interface ImagenPredictRequest {
  instances: Array<{ prompt: string }>;
  parameters: { sampleCount: number; aspectRatio?: string; sampleImageSize?: string };
}

export type ImageCall =
  /** A Gemini image model makes one image a call: the same body is sent `times` times. */
  | { readonly method: 'generateContent'; readonly body: GeminiGenerateContentRequest; readonly times: number }
  | { readonly method: 'predict'; readonly body: ImagenPredictRequest; readonly times: 1 };

export interface ConvertedImageRequest {
  readonly model: string;
  readonly responseFormat: ImageResponseFormat;
  readonly call: ImageCall;
}

/** The fields the generation and edit requests share, read from JSON or from a form (where all are text). */
interface ImageFields {
  readonly model: unknown;
  readonly prompt: unknown;
  readonly n: unknown;
  readonly size: unknown;
  readonly quality: unknown;
  readonly responseFormat: unknown;
  readonly outputFormat: unknown;
  readonly stream: unknown;
}

/** `POST /v1/images/generations` as a Gemini image request (generateContent) or an Imagen one (`:predict`). */
export function convertImageGenerationRequest(body: unknown, defaultModel: string): ConvertedImageRequest {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "prompt".');
  const fields: ImageFields = {
    model: body.model,
    prompt: body.prompt,
    n: body.n,
    size: body.size,
    quality: body.quality,
    responseFormat: body.response_format,
    outputFormat: body.output_format,
    stream: body.stream,
  };
  return convertImageFields(fields, [], defaultModel);
}

/**
 * `POST /v1/images/edits` (multipart: `image` or `image[]`, `mask`, `prompt`, …) as a Gemini image
 * request with the images inline. Gemini takes no mask: it is sent as one more image, after a line
 * that says what OpenAI's masks mean.
 */
export async function convertImageEditRequest(form: FormData, defaultModel: string): Promise<ConvertedImageRequest> {
  const images = formFiles(form, 'image', 'image[]');
  if (images.length === 0) throw invalidRequest('image is missing: send one or more image files as image (or image[]).', 'image');
  const masks = formFiles(form, 'mask');
  const parts: GeminiPart[] = [];
  for (const image of images) parts.push({ inlineData: await inlineDataOf(image, 'image/png') });
  const [mask] = masks;
  if (mask) {
    parts.push({ text: 'The next image is a mask for the first image: edit only where the mask is transparent and keep everything else unchanged.' });
    parts.push({ inlineData: await inlineDataOf(mask, 'image/png') });
  }
  const text = (name: string) => formText(form, name);
  const fields: ImageFields = {
    model: text('model'),
    prompt: text('prompt'),
    n: numberField(text('n')),
    size: text('size'),
    quality: text('quality'),
    responseFormat: text('response_format'),
    outputFormat: text('output_format'),
    stream: text('stream') === 'true',
  };
  const converted = convertImageFields(fields, parts, defaultModel);
  if (converted.call.method === 'predict') {
    throw invalidRequest(`${converted.model} cannot edit images through this proxy; use a Gemini image model such as gemini-3.1-flash-image.`, 'model');
  }
  return converted;
}

function convertImageFields(fields: ImageFields, imageParts: GeminiPart[], defaultModel: string): ConvertedImageRequest {
  const { model, imagen } = resolveImageModel(fields.model, defaultModel);
  if (typeof fields.prompt !== 'string' || !fields.prompt.trim()) throw invalidRequest('prompt is missing: describe the image to make.', 'prompt');
  if (fields.stream === true) throw invalidRequest('Streamed image generation (stream: true) is not supported; send the request without stream.', 'stream');
  const count = imageCount(fields.n);
  const dimensions = parseSize(fields.size);
  const aspectRatio = dimensions ? nearestAspectRatio(dimensions) : undefined;
  const imageSize = outputImageSize(dimensions, fields.quality);
  checkOutputFormat(fields.outputFormat);
  const responseFormat = imageResponseFormat(fields.responseFormat);

  if (imagen) {
    const parameters: ImagenPredictRequest['parameters'] = { sampleCount: count };
    if (aspectRatio) parameters.aspectRatio = aspectRatio;
    // Imagen makes 1K and 2K images.
    if (imageSize) parameters.sampleImageSize = '2K';
    return { model, responseFormat, call: { method: 'predict', body: { instances: [{ prompt: fields.prompt }], parameters }, times: 1 } };
  }
  const generationConfig: GeminiGenerationConfig = { responseModalities: ['TEXT', 'IMAGE'] };
  const imageConfig: NonNullable<GeminiGenerationConfig['imageConfig']> = {};
  if (aspectRatio) imageConfig.aspectRatio = aspectRatio;
  // Gemini 2.x image models make one size only and refuse imageSize.
  if (imageSize && !model.startsWith('gemini-2')) imageConfig.imageSize = imageSize;
  if (Object.keys(imageConfig).length > 0) generationConfig.imageConfig = imageConfig;
  const body: GeminiGenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: fields.prompt }, ...imageParts] }], generationConfig };
  return { model, responseFormat, call: { method: 'generateContent', body, times: count } };
}

function numberField(value: string | undefined): number | string | undefined {
  return value === undefined || value.trim() === '' || !Number.isFinite(Number(value)) ? value : Number(value);
}

function imageCount(n: unknown): number {
  if (n === undefined || n === null) return 1;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_IMAGES) return n;
  throw invalidRequest(`n must be a whole number from 1 to ${MAX_IMAGES}.`, 'n');
}

interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/** `1536x1024` as dimensions; `16:9` as the ratio it names; `auto` or none as none. */
function parseSize(size: unknown): Dimensions | undefined {
  if (size === undefined || size === null || size === 'auto') return undefined;
  const match = typeof size === 'string' ? /^(\d+)\s*[x:]\s*(\d+)$/.exec(size.trim()) : null;
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width <= 0 || height <= 0) {
    throw invalidRequest(`size must be "auto", WIDTHxHEIGHT such as 1024x1024 or 1536x1024, or an aspect ratio such as 16:9 (got ${JSON.stringify(size)?.slice(0, 50)}).`, 'size');
  }
  return { width, height };
}

function nearestAspectRatio({ width, height }: Dimensions): string {
  const wanted = Math.log(width / height);
  const distance = (ratio: string) => {
    const [w = 1, h = 1] = ratio.split(':').map(Number);
    return Math.abs(Math.log(w / h) - wanted);
  };
  return ASPECT_RATIOS.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}

/** Gemini's 2K or 4K for a large size or `quality: high`/`hd`; none (the model's 1K) otherwise. */
function outputImageSize(dimensions: Dimensions | undefined, quality: unknown): string | undefined {
  const longest = dimensions ? Math.max(dimensions.width, dimensions.height) : 0;
  if (longest > 2048) return '4K';
  if (longest > 1024 || quality === 'high' || quality === 'hd') return '2K';
  return undefined;
}

function checkOutputFormat(format: unknown): void {
  if (format === undefined || format === null || (typeof format === 'string' && OUTPUT_FORMATS.has(format))) return;
  throw invalidRequest('output_format must be png, jpeg or webp.', 'output_format');
}

function imageResponseFormat(format: unknown): ImageResponseFormat {
  if (format === undefined || format === null || format === 'b64_json') return 'b64_json';
  if (format === 'url') return 'url';
  throw invalidRequest('response_format must be "b64_json" or "url" (answered as a data: URL).', 'response_format');
}
