/**
 * Non-streamed answers on platforms that end a request whose answer has not begun within a limit
 * (Vercel Edge 25 s, Netlify 40 s). A thinking model can take longer than that before Gemini sends
 * anything, so there the proxy asks Gemini for the stream instead: its status comes within seconds
 * (failover and errors work as for any call), then the proxy answers 200 at once, sends whitespace
 * while Gemini thinks (valid before a JSON document), and writes the one JSON answer the client
 * asked for, assembled from the events.
 */
import { ProxyError } from '../errors.ts';
import type { JsonObject } from '../json-value.ts';
import { logError } from '../log.ts';
import type { RequestContext } from '../request-context.ts';
import { GenerationAssembler } from './assemble-generation.ts';
import type { GeminiClient } from './gemini-client.ts';
import { disconnectedError, parseGeminiEvent } from './gemini-event-stream.ts';
import { SseDataParser } from './sse-data-parser.ts';
import type { GeminiGenerateContentResponse } from './types.ts';

const KEEP_ALIVE_INTERVAL_MS = 10_000;
const KEEP_ALIVE_BYTES = new TextEncoder().encode(' ');

/**
 * Starts a non-streamed generation; resolves once Gemini has accepted it (an error answer is thrown
 * before then, as the face's error). The answer itself may still be on its way.
 */
export async function startGeneration(gemini: GeminiClient, context: RequestContext, model: string, body: unknown): Promise<StartedGeneration> {
  if (context.keepAliveAfterMs === 0) return { answer: Promise.resolve(await gemini.json<GeminiGenerateContentResponse>(`/v1beta/models/${model}:generateContent`, '', body)) };
  const response = await gemini.sendOk(`/v1beta/models/${model}:streamGenerateContent`, '?alt=sse', body);
  return { answer: assembleStream(response, gemini.keys) };
}

export interface StartedGeneration {
  /** Gemini's answer, as a non-streamed call returns it; it may still be on its way. */
  readonly answer: Promise<GeminiGenerateContentResponse>;
}

/** A Gemini `?alt=sse` stream read whole into the response a non-streamed call returns; an error event or a broken stream is thrown. */
export async function assembleStream(response: Response, keysToMask: readonly string[]): Promise<GeminiGenerateContentResponse> {
  const assembler = new GenerationAssembler();
  let failure: ProxyError | undefined;
  const parser = new SseDataParser((data) => {
    if (failure) return;
    const event = parseGeminiEvent(data, keysToMask);
    if (event instanceof ProxyError) failure = event;
    else assembler.push(event as JsonObject);
  });
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      parser.push(decoder.decode(next.value, { stream: true }));
      if (failure) break;
    }
  } catch (error) {
    throw disconnectedError(error);
  }
  if (failure) {
    await reader?.cancel().catch(() => undefined);
    throw failure;
  }
  parser.push(decoder.decode());
  parser.end();
  if (failure) throw failure;
  return assembler.result() as GeminiGenerateContentResponse;
}

/**
 * The answer as JSON. Without keep-alive, when it is ready (an error is the face's error, with its
 * status). With keep-alive, a 200 now, whitespace while the answer is on its way, then the JSON; an
 * error after that 200 becomes its body, in the face's shape, and is logged.
 */
export async function answerWhenReady(context: RequestContext, answer: Promise<unknown>): Promise<Response> {
  if (context.keepAliveAfterMs === 0) return Response.json(await answer);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const keepAlive = (): void => {
        controller.enqueue(KEEP_ALIVE_BYTES);
        timer = setTimeout(keepAlive, KEEP_ALIVE_INTERVAL_MS);
      };
      timer = setTimeout(keepAlive, context.keepAliveAfterMs);
      answer
        .then(
          (value) => encoder.encode(JSON.stringify(value)),
          async (error: unknown) => {
            const proxyError = error instanceof ProxyError ? error : new ProxyError(500, 'The proxy failed to assemble the answer. Try again.', 'internal_error');
            logError(`${context.url.pathname}: the answer failed after it had begun (${proxyError.code}: ${proxyError.message})`);
            return new Uint8Array(await context.face.renderError(proxyError).arrayBuffer());
          },
        )
        .then((bytes) => {
          clearTimeout(timer);
          controller.enqueue(bytes);
          controller.close();
        })
        .catch(() => undefined);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' } });
}
