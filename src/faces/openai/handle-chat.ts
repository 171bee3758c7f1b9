import { remoteFileFetcherFor } from '../../gemini/fetch-remote-file.ts';
import { answerWhenReady, startGeneration } from '../../gemini/generate-answer.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertChatRequest } from './convert-chat-request.ts';
import { convertChatResponse } from './convert-chat-response.ts';
import { convertChatStream } from './convert-chat-stream.ts';
import { geminiClientFor } from './request-keys.ts';

/** `POST /v1/chat/completions`: one Gemini generateContent (or its stream), translated both ways. Streams stay streams. */
export async function handleChat(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const { config, services } = context;
  const body = await readJsonBody(request, config.maxRequestBodyBytes);
  const chat = await convertChatRequest(body, { defaultModel: config.defaultModel, fetchFile: remoteFileFetcherFor(services, context.signal) });
  if (chat.stream) {
    const response = await gemini.sendOk(`/v1beta/models/${chat.model}:streamGenerateContent`, '?alt=sse', chat.body);
    const upstream = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const events = convertChatStream(upstream, { model: chat.model, includeUsage: chat.includeUsage, usedKeys: gemini.keys });
    return new Response(events, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  const { answer } = await startGeneration(gemini, context, chat.model, chat.body);
  return answerWhenReady(context, answer.then((response) => convertChatResponse(response, { model: chat.model })));
}
