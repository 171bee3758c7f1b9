import { placeKey, removeQueryParam, type KeySource } from '../../keys/client-keys.ts';
import { redactKeys } from '../../keys/mask-key.ts';
import { fetchWithFailover } from '../../keys/failover.ts';
import { requireRequestKeys, type KeyRefusal, type RequestKeys } from '../../keys/request-keys.ts';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../../http/forward-headers.ts';
import { fetchUpstream } from '../../http/fetch-upstream.ts';
import { readRequestBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { buildUpstreamUrl, modelOfPath } from '../../http/upstream-url.ts';

const MISSING_KEY: KeyRefusal = {
  status: 401,
  message: 'No API key was sent. Put your Gemini API key (or several, comma-separated) in the x-goog-api-key header, the key query parameter, or Authorization: Bearer.',
};

/**
 * Passes a native Gemini API request (`/v1beta/…`, `/v1/…`, `/v1alpha/…`, `/upload/…`) to the upstream
 * with method, path, query and body unchanged, one key of the list in place of the list (another
 * key if that one fails), and hands the answer back as it streams in.
 */
export async function proxyNativeRequest(request: Request, context: RequestContext): Promise<Response> {
  const { url, config } = context;
  if (isResumableUploadContinuation(url)) return sendUploadBytes(request, context);

  const requestKeys = requireRequestKeys(request.headers, url, config, MISSING_KEY);
  const body = await readRequestBody(request, config.maxRequestBodyBytes);
  const baseHeaders = upstreamRequestHeaders(request.headers);
  const keyPlace = upstreamKeyPlace(requestKeys.source, url.pathname);
  const sendWithKey = (key: string) => {
    const headers = new Headers(baseHeaders);
    const search = placeKey(keyPlace, key, headers, url.search);
    return fetchUpstream(context.services.upstreamFetch, buildUpstreamUrl(config.geminiBaseUrl, url.pathname, search), request.method, headers, body);
  };
  return relay(context, requestKeys, sendWithKey, request.method, url.pathname);
}

async function relay(
  context: RequestContext,
  requestKeys: RequestKeys,
  sendWithKey: (key: string) => Promise<Response>,
  method: string,
  pathname: string,
): Promise<Response> {
  const { response, key } = await fetchWithFailover(context.keyHealth, requestKeys.keys, sendWithKey, {
    retryUpstreamFailures: isRepeatable(method, pathname),
    model: modelOfPath(pathname),
  });
  context.usedKey = key;
  // Gemini's errors can name the key (a suspended key's 403 does): the pool's keys must not reach clients.
  if (requestKeys.fromPool && !response.ok) return passOn(await withKeysMasked(response, requestKeys.keys), context);
  return passOn(response, context);
}

/** Calls that change nothing upstream, so that sending one again after a 5xx or a lost connection is safe. */
const REPEATABLE_CALLS = /:(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents|predict|generateAnswer)$/;

function isRepeatable(method: string, pathname: string): boolean {
  return method === 'GET' || method === 'HEAD' || REPEATABLE_CALLS.test(pathname);
}

/**
 * Where the chosen key goes upstream: where the client put its list, except that a Bearer value on
 * Gemini's native endpoints means an OAuth token to Google. Only its OpenAI-compatible endpoint
 * (`/v1beta/openai/…`) takes a key as Bearer; elsewhere the key goes in `x-goog-api-key`.
 */
function upstreamKeyPlace(source: KeySource, pathname: string): KeySource {
  return source === 'bearer' && !/^\/[^/]+\/openai\//.test(pathname) ? 'header' : source;
}

/** The bytes of a resumable upload: authorised by their `upload_id`, streamed through, never held or retried. */
async function sendUploadBytes(request: Request, context: RequestContext): Promise<Response> {
  // Whatever the client put in `key` (its list, or an access token) is not Google's business here.
  const search = removeQueryParam(context.url.search, 'key');
  const upstreamUrl = buildUpstreamUrl(context.config.geminiBaseUrl, context.url.pathname, search);
  return passOn(await fetchUpstream(context.services.upstreamFetch, upstreamUrl, request.method, upstreamRequestHeaders(request.headers), request.body), context);
}

function passOn(upstream: Response, context: RequestContext): Response {
  const headers = downstreamResponseHeaders(upstream.headers);
  pointUploadUrlAtProxy(headers, context.config.geminiBaseUrl, context.url.origin);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers });
}

async function withKeysMasked(response: Response, keys: readonly string[]): Promise<Response> {
  const body = redactKeys(await response.text(), keys);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function isResumableUploadContinuation(url: URL): boolean {
  return url.pathname.startsWith('/upload/') && url.searchParams.has('upload_id');
}

/**
 * A resumable upload answers with the URL to send the bytes to. Left alone it points at Google,
 * which the client may not be able to reach: send the client back through the proxy instead.
 */
function pointUploadUrlAtProxy(headers: Headers, geminiBaseUrl: string, proxyOrigin: string): void {
  const uploadUrl = headers.get('x-goog-upload-url');
  if (uploadUrl?.startsWith(geminiBaseUrl)) {
    // Google may copy the start's query, `key` included, into it: that key must not reach the client.
    const rest = uploadUrl.slice(geminiBaseUrl.length);
    const queryStart = rest.indexOf('?');
    const path = queryStart === -1 ? rest : rest.slice(0, queryStart);
    const search = queryStart === -1 ? '' : removeQueryParam(rest.slice(queryStart), 'key');
    headers.set('x-goog-upload-url', proxyOrigin + path + search);
  }
}
