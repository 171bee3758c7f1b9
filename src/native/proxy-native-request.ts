import { findClientKeys, placeKey } from '../keys/client-keys.ts';
import { pickKey } from '../keys/key-rotation.ts';
import { geminiErrorResponse } from '../http/gemini-error.ts';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../http/forward-headers.ts';
import type { RequestContext } from '../request-context.ts';
import { buildUpstreamUrl } from './upstream-url.ts';
import { fetchUpstream, UpstreamUnreachableError } from '../http/fetch-upstream.ts';

const MISSING_KEY_MESSAGE =
  'No API key was sent. Put your Gemini API key (or several, comma-separated) in the x-goog-api-key header, the key query parameter, or Authorization: Bearer.';

/**
 * Passes a native Gemini API request (`/v1beta/…`, `/v1/…`, `/v1alpha/…`, `/upload/…`) to the upstream
 * with method, path, query and body unchanged, one key of the client's list in place of the list,
 * and hands the answer back as it streams in.
 */
export async function proxyNativeRequest(request: Request, context: RequestContext): Promise<Response> {
  const { url, config } = context;
  const clientKeys = findClientKeys(request.headers, url);
  if (!clientKeys && !isResumableUploadContinuation(url)) {
    return geminiErrorResponse(401, MISSING_KEY_MESSAGE);
  }

  const headers = upstreamRequestHeaders(request.headers);
  let search = url.search;
  if (clientKeys) {
    const key = pickKey(clientKeys.keys);
    context.usedKey = key;
    search = placeKey(clientKeys.source, key, headers, search);
  }

  const upstreamUrl = buildUpstreamUrl(config.geminiBaseUrl, url.pathname, search);
  let upstream: Response;
  try {
    upstream = await fetchUpstream(upstreamUrl, request.method, headers, request.body);
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) return geminiErrorResponse(502, error.message);
    throw error;
  }

  const responseHeaders = downstreamResponseHeaders(upstream.headers);
  pointUploadUrlAtProxy(responseHeaders, config.geminiBaseUrl, url.origin);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

/** The later steps of a resumable upload are authorised by their `upload_id`, not by a key. */
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
    headers.set('x-goog-upload-url', proxyOrigin + uploadUrl.slice(geminiBaseUrl.length));
  }
}
