import { placeKey, removeQueryParam, type KeySource } from '../../keys/client-keys.ts';
import { redactKeys } from '../../keys/mask-key.ts';
import { fetchWithFailover, type Attempt } from '../../keys/failover.ts';
import { failoverOptions } from '../../gemini/gemini-client.ts';
import { requireRequestKeys, type KeyRefusal, type RequestKeys } from '../../keys/request-keys.ts';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../../http/forward-headers.ts';
import { fetchUpstream } from '../../http/fetch-upstream.ts';
import { readRequestBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { buildUpstreamUrl } from '../../http/upstream-url.ts';

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
  const sendWithKey = (key: string, signal: AbortSignal) => {
    const headers = new Headers(baseHeaders);
    const search = placeKey(keyPlace, key, headers, url.search);
    return fetchUpstream(context.services.upstreamFetch, buildUpstreamUrl(config.geminiBaseUrl, url.pathname, search), request.method, headers, body, signal);
  };
  return relay(context, requestKeys, sendWithKey, request.method, url.pathname);
}

async function relay(
  context: RequestContext,
  requestKeys: RequestKeys,
  sendWithKey: Attempt,
  method: string,
  pathname: string,
): Promise<Response> {
  const { response, key } = await fetchWithFailover(
    context.keyHealth,
    requestKeys.keys,
    sendWithKey,
    failoverOptions(context, pathname, context.url.search, isRepeatable(method, pathname)),
  );
  context.usedKey = key;
  // Gemini's errors can name the key (a suspended key's 403 does): the pool's keys must not reach clients.
  if (requestKeys.fromPool && !response.ok) return passOn(await withKeysMasked(response, requestKeys.keys), context, requestKeys.keys);
  return passOn(response, context, requestKeys.keys);
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
  return passOn(await fetchUpstream(context.services.upstreamFetch, upstreamUrl, request.method, upstreamRequestHeaders(request.headers), request.body, context.signal), context, []);
}

/** The upstream's answer for the client: its headers with every key of the request masked, the upload URL pointing here. */
function passOn(upstream: Response, context: RequestContext, keys: readonly string[]): Response {
  const headers = downstreamResponseHeaders(upstream.headers, keys);
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
 * A resumable upload answers with the URL to send the bytes to. Left alone it points at Google (or at
 * the gateway, spelled however the upstream spells it), which the client may not be able to reach,
 * and Google copies the start's query into it, `key` included: the client gets the same path and
 * query on the proxy's own origin, without the key.
 */
function pointUploadUrlAtProxy(headers: Headers, geminiBaseUrl: string, proxyOrigin: string): void {
  const uploadUrl = headers.get('x-goog-upload-url');
  if (uploadUrl === null) return;
  let parsed: URL;
  try {
    parsed = new URL(uploadUrl);
  } catch {
    headers.delete('x-goog-upload-url');
    return;
  }
  const basePath = new URL(geminiBaseUrl).pathname.replace(/\/$/, '');
  const path = basePath && parsed.pathname.startsWith(`${basePath}/`) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
  headers.set('x-goog-upload-url', proxyOrigin + path + removeQueryParam(parsed.search, 'key'));
}
