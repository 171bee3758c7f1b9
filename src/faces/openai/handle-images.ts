import type { GeminiClient } from '../../gemini/gemini-client.ts';
import { answerWhenReady, startGeneration, type StartedGeneration } from '../../gemini/generate-answer.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertImageEditRequest, convertImageGenerationRequest, type ConvertedImageRequest } from './convert-image-request.ts';
import { convertGeminiImages, convertImagenImages, type ImagenPredictResponse } from './convert-image-response.ts';
import { readFormBody } from './read-form-body.ts';
import { geminiClientFor } from './request-keys.ts';

/** A Gemini image model makes one image a call: `n` images are that many calls, a few at a time. */
const PARALLEL_IMAGE_CALLS = 4;

/** `POST /v1/images/generations`. */
export async function handleImageGenerations(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const body = await readJsonBody(request, context.config.maxRequestBodyBytes);
  return makeImages(gemini, context, convertImageGenerationRequest(body, context.config.defaultImageModel));
}

/** `POST /v1/images/edits` (multipart). */
export async function handleImageEdits(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const form = await readFormBody(request, context.config.maxRequestBodyBytes);
  return makeImages(gemini, context, await convertImageEditRequest(form, context.config.defaultImageModel));
}

/**
 * Once the first calls are accepted (an error before then keeps its status), the answer is on its
 * way: on platforms with a first-byte limit it is sent as generate-answer.ts sends slow answers.
 */
async function makeImages(gemini: GeminiClient, context: RequestContext, { model, responseFormat, call }: ConvertedImageRequest): Promise<Response> {
  if (call.method === 'predict') {
    return Response.json(convertImagenImages(await gemini.json<ImagenPredictResponse>(`/v1beta/models/${model}:predict`, '', call.body), responseFormat));
  }
  const start = (count: number): Promise<StartedGeneration[]> =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const started = await startGeneration(gemini, context, model, call.body);
        // When another call of the group is refused, nobody waits for this answer: its failure must not go unhandled.
        started.answer.catch(() => undefined);
        return started;
      }),
    );
  const firstGroup = await start(Math.min(PARALLEL_IMAGE_CALLS, call.times));
  const images = (async () => {
    const responses = await Promise.all(firstGroup.map((started) => started.answer));
    while (responses.length < call.times) {
      const group = await start(Math.min(PARALLEL_IMAGE_CALLS, call.times - responses.length));
      responses.push(...(await Promise.all(group.map((started) => started.answer))));
    }
    return convertGeminiImages(responses, responseFormat);
  })();
  return answerWhenReady(context, images);
}
