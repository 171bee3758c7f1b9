/**
 * Downloads media a request names by URL (an OpenAI `image_url`, an Anthropic `url` source) and hands
 * it to Gemini inline. Only downloads: which hosts are allowed is http/remote-host-policy.ts's call.
 */
import { bytesToBase64 } from '../base64.ts';
import { invalidRequest, type ProxyError } from '../errors.ts';
import { describeNetworkError } from '../http/fetch-upstream.ts';
import { readLimitedStream } from '../http/read-limited-stream.ts';
import { linkedAbortController } from '../http/abort.ts';
import { HostRefusedError, isInternalHost } from '../http/remote-host-policy.ts';
import type { PlatformServices } from '../services.ts';
import { mimeTypeFromName } from './media.ts';
import type { GeminiInlineData } from './types.ts';

/** Fetches an http(s) URL and hands back its bytes inline. */
export type RemoteFileFetcher = (url: string) => Promise<GeminiInlineData>;

type DownloadServices = Pick<PlatformServices, 'downloadFetch'>;

/** The most the proxy downloads for one URL. */
export const MAX_REMOTE_FILE_BYTES = 20 * 1024 * 1024;
/** With the size above, what one request can make the proxy download and hold stays bounded. */
export const MAX_REMOTE_FILES_PER_REQUEST = 5;
const FETCH_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 5;
const GENERIC_MIME_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * The fetcher of one request: at most MAX_REMOTE_FILES_PER_REQUEST of its URLs are fetched, all of
 * them stop when the client leaves, and the first refusal stops the others (the request fails anyway).
 */
export function remoteFileFetcherFor(services: DownloadServices, requestSignal?: AbortSignal): RemoteFileFetcher {
  // Made at the first download: most requests name no URL, and a controller is not free.
  let downloads: AbortController | undefined;
  let fetched = 0;
  return async (url) => {
    fetched += 1;
    downloads ??= linkedAbortController(requestSignal);
    try {
      if (fetched > MAX_REMOTE_FILES_PER_REQUEST) {
        throw invalidRequest(`A request may have at most ${MAX_REMOTE_FILES_PER_REQUEST} image URLs for the proxy to fetch. Send the others inline as data: URLs.`, undefined, 'too_many_image_urls');
      }
      return await fetchRemoteFile(url, services, downloads.signal);
    } catch (error) {
      downloads.abort(error);
      throw error;
    }
  };
}

/** http(s) only, no internal hosts (by name, by address literal and, where a resolver is set, by what the name resolves to), a timeout and a size limit. */
export async function fetchRemoteFile(url: string, services: DownloadServices, stop?: AbortSignal): Promise<GeminiInlineData> {
  let target = parseFetchableUrl(url);
  const signal = linkedAbortController(stop, AbortSignal.timeout(FETCH_TIMEOUT_MS)).signal;
  for (let redirects = 0; ; redirects++) {
    const response = await fetchOnce(target, signal, services);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (redirects >= MAX_REDIRECTS) throw refuse(target, 'it redirects too many times');
      // Each hop is checked again, so that a redirect cannot lead to an internal address.
      target = parseFetchableUrl(new URL(location, target).href);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw refuse(target, `its server answered HTTP ${response.status}`);
    }
    const mimeType = mimeTypeOf(response, target);
    return { mimeType, data: bytesToBase64(await readLimited(response, target)) };
  }
}

async function fetchOnce(target: URL, signal: AbortSignal, services: DownloadServices): Promise<Response> {
  try {
    return await services.downloadFetch(target, signal);
  } catch (error) {
    // The Node server checks the address it connects to; elsewhere names were judged by their spelling.
    if (error instanceof HostRefusedError) throw refuse(target, error.message);
    throw refuse(target, `it could not be fetched (${describeDownloadError(error)})`);
  }
}

function parseFetchableUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidRequest(`The image URL "${raw.slice(0, 200)}" is not a valid URL.`, undefined, 'invalid_image_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(url, 'only http and https URLs are fetched');
  if (isInternalHost(url.hostname)) throw refuse(url, 'it points at a local or private address');
  return url;
}

function mimeTypeOf(response: Response, url: URL): string {
  const declared = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!GENERIC_MIME_TYPES.has(declared)) return declared;
  const guessed = mimeTypeFromName(url.pathname);
  if (guessed) return guessed;
  throw refuse(url, 'its server did not say what type of file it is (no Content-Type)');
}

async function readLimited(response: Response, url: URL): Promise<Uint8Array> {
  const declaredLength = Number(response.headers.get('content-length'));
  if (declaredLength > MAX_REMOTE_FILE_BYTES) {
    await response.body?.cancel();
    throw refuse(url, `it is larger than ${MAX_REMOTE_FILE_BYTES / 1024 / 1024} MB`);
  }
  if (!response.body) return new Uint8Array();
  return readLimitedStream(response.body, MAX_REMOTE_FILE_BYTES, Number.isInteger(declaredLength) ? declaredLength : 0, {
    tooLarge: () => refuse(url, `it is larger than ${MAX_REMOTE_FILE_BYTES / 1024 / 1024} MB`),
    broken: (error) => refuse(url, `its download broke off (${describeDownloadError(error)})`),
  });
}

function describeDownloadError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  return describeNetworkError(error);
}

function refuse(url: URL, reason: string): ProxyError {
  return invalidRequest(`The image at ${url.host} was not used: ${reason}. Send the image inline as a data: URL instead.`, undefined, 'invalid_image_url');
}
