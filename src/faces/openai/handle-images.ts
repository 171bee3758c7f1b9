import type { GeminiClient } from '../../gemini/gemini-client.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertImageEditRequest, convertImageGenerationRequest, type ConvertedImageRequest } from './convert-image-request.ts';
import { convertGeminiImages, convertImagenImages, type ImagenPredictResponse, type OpenAIImagesResponse } from './convert-image-response.ts';
import { readFormBody } from './read-form-body.ts';
import { geminiClientFor } from './request-keys.ts';

/** A Gemini image model makes one image a call: `n` images are that many calls, a few at a time. */
const PARALLEL_IMAGE_CALLS = 4;

/** `POST /v1/images/generations`. */
export async function handleImageGenerations(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const body = await readJsonBody(request, context.config.maxRequestBodyBytes);
  return Response.json(await makeImages(gemini, convertImageGenerationRequest(body, context.config.defaultImageModel)));
}

/** `POST /v1/images/edits` (multipart). */
export async function handleImageEdits(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const form = await readFormBody(request, context.config.maxRequestBodyBytes);
  return Response.json(await makeImages(gemini, await convertImageEditRequest(form, context.config.defaultImageModel)));
}

async function makeImages(gemini: GeminiClient, { model, responseFormat, call }: ConvertedImageRequest): Promise<OpenAIImagesResponse> {
  if (call.method === 'predict') {
    return convertImagenImages(await gemini.json<ImagenPredictResponse>(`/v1beta/models/${model}:predict`, '', call.body), responseFormat);
  }
  const path = `/v1beta/models/${model}:generateContent`;
  const responses: GeminiGenerateContentResponse[] = [];
  for (let made = 0; made < call.times; made += PARALLEL_IMAGE_CALLS) {
    const group = Math.min(PARALLEL_IMAGE_CALLS, call.times - made);
    const settled = await Promise.allSettled(Array.from({ length: group }, () => gemini.json<GeminiGenerateContentResponse>(path, '', call.body)));
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      responses.push(result.value);
    }
  }
  return convertGeminiImages(responses, responseFormat);
}
