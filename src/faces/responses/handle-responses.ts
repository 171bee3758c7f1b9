import { ProxyError } from '../../errors.ts';
import { remoteFileFetcherFor } from '../../gemini/fetch-remote-file.ts';
import { answerWhenReady, startGeneration } from '../../gemini/generate-answer.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { geminiClientFor } from '../openai/request-keys.ts';
import { convertResponsesRequest, STATELESS_EXPLANATION } from './convert-responses-request.ts';
import { convertResponsesResponse } from './convert-responses-response.ts';
import { convertResponsesStream } from './convert-responses-stream.ts';

/** `POST /v1/responses`: one Gemini generateContent (or its stream), translated both ways. Streams stay streams. */
export async function handleResponses(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const { config, services } = context;
  const body = await readJsonBody(request, config.maxRequestBodyBytes);
  const converted = await convertResponsesRequest(body, { defaultModel: config.defaultModel, fetchFile: remoteFileFetcherFor(services, context.signal) });
  const { model } = converted;
  if (converted.stream) {
    const response = await gemini.sendOk(`/v1beta/models/${model}:streamGenerateContent`, '?alt=sse', converted.body);
    const upstream = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const events = convertResponsesStream(upstream, { ...converted, usedKeys: gemini.keys });
    return new Response(events, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  const { answer } = await startGeneration(gemini, context, model, converted.body);
  return answerWhenReady(context, answer.then((response) => convertResponsesResponse(response, converted)));
}

/** `GET`/`DELETE /v1/responses/{id}`, its `input_items` and `cancel`: nothing is stored to answer them. */
export function refuseStoredResponse(): Promise<Response> {
  return Promise.reject(new ProxyError(404, `No response is stored here to read, cancel or delete. ${STATELESS_EXPLANATION}`, 'not_found'));
}
