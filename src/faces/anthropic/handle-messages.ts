import { remoteFileFetcherFor } from '../../gemini/fetch-remote-file.ts';
import { answerWhenReady, startGeneration } from '../../gemini/generate-answer.ts';
import type { GeminiCountTokensResponse } from '../../gemini/types.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertCountTokensRequest, convertCountTokensResponse } from './convert-count-tokens.ts';
import { convertMessagesRequest, type ConvertedMessagesRequest } from './convert-messages-request.ts';
import { convertMessagesResponse } from './convert-messages-response.ts';
import { convertMessagesStream } from './convert-messages-stream.ts';
import { geminiClientFor } from './request-keys.ts';

/** `POST /v1/messages`: one Gemini generateContent (or its stream), translated both ways. Streams stay streams. */
export async function handleMessages(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const messages = await readMessagesRequest(request, context);
  const identity = { model: messages.requestedModel, thinking: messages.thinking };
  if (messages.stream) {
    const response = await gemini.sendOk(`/v1beta/models/${messages.model}:streamGenerateContent`, '?alt=sse', messages.body);
    const upstream = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const events = convertMessagesStream(upstream, { ...identity, usedKeys: gemini.keys });
    return new Response(events, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  const { answer } = await startGeneration(gemini, context, messages.model, messages.body);
  return answerWhenReady(context, answer.then((response) => convertMessagesResponse(response, identity)));
}

/** `POST /v1/messages/count_tokens`: Gemini's countTokens over what the same messages request would send. */
export async function handleCountTokens(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const messages = await readMessagesRequest(request, context);
  const counted = await gemini.json<GeminiCountTokensResponse>(`/v1beta/models/${messages.model}:countTokens`, '', convertCountTokensRequest(messages.model, messages.body));
  return Response.json(convertCountTokensResponse(counted));
}

async function readMessagesRequest(request: Request, context: RequestContext): Promise<ConvertedMessagesRequest> {
  const { config, services } = context;
  const body = await readJsonBody(request, config.maxRequestBodyBytes);
  return convertMessagesRequest(body, { config, fetchFile: remoteFileFetcherFor(services, context.signal) });
}
