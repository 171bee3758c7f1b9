import type { EnvVars } from '../config.ts';
import { fetchUpstream, UpstreamUnreachableError } from '../http/fetch-upstream.ts';
import { fetchWithFailover } from '../keys/failover.ts';
import { isKeyRefusal, resolveRequestKeys, type KeyRefusal } from '../keys/request-keys.ts';
import { BODY_TOO_LARGE_HEADERS, BodyTooLargeError, BodyUnreadableError, readRequestBody } from '../http/read-request-body.ts';
import { buildUpstreamUrl, modelOfPath } from '../http/upstream-url.ts';
import type { RequestContext } from '../request-context.ts';
import { convertChatRequest } from './convert-chat-request.ts';
import { convertChatResponse } from './convert-chat-response.ts';
import { convertChatStream } from './convert-chat-stream.ts';
import { convertEmbeddingsRequest, convertEmbeddingsResponse, type GeminiBatchEmbedResponse } from './convert-embeddings.ts';
import type { RemoteFileFetcher } from './convert-message-content.ts';
import { convertModel, convertModelList, type GeminiModel, type GeminiModelList } from './convert-models.ts';
import { fetchRemoteFile } from './fetch-remote-file.ts';
import type { GeminiGenerateContentResponse } from './gemini-types.ts';
import type { OpenAIRouteKind } from './match-openai-route.ts';
import { convertGeminiErrorResponse, OpenAIRequestError, openAIErrorResponse, requestErrorResponse } from './openai-error.ts';

export type { OpenAIRouteKind } from './match-openai-route.ts';

const MISSING_KEY: KeyRefusal = {
  status: 401,
  message:
    'No API key was sent. Set your Gemini API key (or several, comma-separated) as the API key of your OpenAI client; it is sent as Authorization: Bearer <key>.',
};
/** Gemini lists fewer than a hundred models; the cap only guards against a page token that never ends. */
const MAX_MODEL_PAGES = 10;
const PARALLEL_EMBEDDING_BATCHES = 4;

/** Replaceable parts, for tests and for hardening the image fetcher. */
export interface OpenAIHandlerDependencies {
  readonly fetchFile?: RemoteFileFetcher;
}

/**
 * The OpenAI-compatible API: `chat` (POST /v1/chat/completions), `embeddings` (POST /v1/embeddings),
 * `models` (GET /v1/models) and `model` (GET /v1/models/{id}), translated to Gemini's native API with one key of the client's
 * list (balanced as on the native routes) and translated back. Streams stay streams.
 */
export async function handleOpenAIRequest(
  request: Request,
  context: RequestContext,
  env: EnvVars,
  kind: OpenAIRouteKind,
  dependencies: OpenAIHandlerDependencies = {},
): Promise<Response> {
  const requestKeys = resolveRequestKeys(request.headers, context.url, context.config, MISSING_KEY);
  if (isKeyRefusal(requestKeys)) return openAIErrorResponse(requestKeys.status, requestKeys.message, { code: 'invalid_api_key' });
  const upstream = new GeminiUpstream(context, requestKeys.keys);
  try {
    if (kind === 'chat') return await handleChat(request, context, env, upstream, dependencies.fetchFile ?? fetchRemoteFile);
    if (kind === 'embeddings') return await handleEmbeddings(request, context, env, upstream);
    if (kind === 'model') return await handleModel(context.url, upstream);
    return await handleModels(upstream);
  } catch (error) {
    if (error instanceof OpenAIRequestError) return requestErrorResponse(error);
    if (error instanceof BodyTooLargeError) return openAIErrorResponse(413, error.message, { code: 'request_too_large' }, BODY_TOO_LARGE_HEADERS);
    if (error instanceof BodyUnreadableError) return openAIErrorResponse(400, error.message, { code: 'incomplete_body' });
    if (error instanceof UpstreamUnreachableError) return openAIErrorResponse(502, error.message, { code: 'upstream_unreachable' });
    throw error;
  }
}

async function handleChat(request: Request, context: RequestContext, env: EnvVars, upstream: GeminiUpstream, fetchFile: RemoteFileFetcher): Promise<Response> {
  const chat = await convertChatRequest(await readJsonBody(request, context), { defaultModel: env.DEFAULT_MODEL, fetchFile });
  const method = chat.stream ? 'streamGenerateContent' : 'generateContent';
  const response = await upstream.send(`/v1beta/models/${chat.model}:${method}`, chat.stream ? '?alt=sse' : '', chat.body);
  if (!response.ok) return upstream.errorResponse(response);
  if (chat.stream) {
    const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const events = convertChatStream(body, { model: chat.model, includeUsage: chat.includeUsage, usedKeys: upstream.keys });
    return new Response(events, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  const completion = convertChatResponse(await readUpstreamJson<GeminiGenerateContentResponse>(response), { model: chat.model });
  return Response.json(completion);
}

async function handleEmbeddings(request: Request, context: RequestContext, env: EnvVars, upstream: GeminiUpstream): Promise<Response> {
  const embeddings = convertEmbeddingsRequest(await readJsonBody(request, context), env.DEFAULT_EMBEDDING_MODEL);
  const path = `/v1beta/models/${embeddings.model}:batchEmbedContents`;
  const bodies: GeminiBatchEmbedResponse[] = [];
  // A few batches at a time: one request must not turn into a flood of upstream calls.
  for (let start = 0; start < embeddings.batches.length; start += PARALLEL_EMBEDDING_BATCHES) {
    const group = embeddings.batches.slice(start, start + PARALLEL_EMBEDDING_BATCHES);
    const settled = await Promise.allSettled(group.map((batch) => upstream.send(path, '', batch)));
    const responses = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = settled.find((result) => result.status === 'rejected') ?? responses.find((response) => !response.ok);
    if (failed) {
      await Promise.all(responses.filter((response) => response !== failed).map((response) => response.body?.cancel()));
      if (failed instanceof Response) return upstream.errorResponse(failed);
      throw (failed as PromiseRejectedResult).reason;
    }
    bodies.push(...(await Promise.all(responses.map((response) => readUpstreamJson<GeminiBatchEmbedResponse>(response)))));
  }
  return Response.json(convertEmbeddingsResponse(bodies, embeddings.model, embeddings.encodingFormat));
}

async function handleModels(upstream: GeminiUpstream): Promise<Response> {
  const pages: GeminiModelList[] = [];
  let pageToken: string | undefined;
  do {
    const search = `?pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
    const response = await upstream.send('/v1beta/models', search);
    if (!response.ok) return upstream.errorResponse(response);
    const page = await readUpstreamJson<GeminiModelList>(response);
    pages.push(page);
    pageToken = page.nextPageToken;
  } while (pageToken && pages.length < MAX_MODEL_PAGES);
  return Response.json(convertModelList(pages));
}

async function handleModel(url: URL, upstream: GeminiUpstream): Promise<Response> {
  const id = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const response = await upstream.send(`/v1beta/models/${id}`, '');
  if (!response.ok) return upstream.errorResponse(response);
  const model = await readUpstreamJson<GeminiModel>(response);
  return Response.json(convertModel({ ...model, name: model.name ?? `models/${decodeURIComponent(id)}` }));
}

/**
 * Requests to the Gemini API with one key of the list in `x-goog-api-key` (never in the URL), handed to
 * the next key when one fails. The key that answered is what the request log names.
 */
class GeminiUpstream {
  constructor(
    private readonly context: RequestContext,
    readonly keys: readonly string[],
  ) {}

  async send(path: string, search: string, body?: unknown): Promise<Response> {
    const url = buildUpstreamUrl(this.context.config.geminiBaseUrl, path, search);
    const payload = body === undefined ? null : JSON.stringify(body);
    const { response, key } = await fetchWithFailover(this.keys, (candidate) => {
      const headers = new Headers({ 'x-goog-api-key': candidate });
      if (payload !== null) headers.set('content-type', 'application/json');
      return fetchUpstream(url, payload === null ? 'GET' : 'POST', headers, payload);
    }, { retryUpstreamFailures: true, model: modelOfPath(path) });
    this.context.usedKey = key;
    return response;
  }

  errorResponse(response: Response): Promise<Response> {
    return convertGeminiErrorResponse(response, this.keys);
  }
}

async function readJsonBody(request: Request, context: RequestContext): Promise<unknown> {
  const bytes = await readRequestBody(request, context.config.maxRequestBodyBytes);
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  try {
    return JSON.parse(text);
  } catch {
    throw new OpenAIRequestError('The request body is not valid JSON. Send a JSON object with Content-Type: application/json.', {
      code: 'invalid_json',
    });
  }
}

async function readUpstreamJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new OpenAIRequestError('The Gemini API sent an answer that is not JSON. Try again.', { code: 'invalid_upstream_response' }, 502);
  }
}
