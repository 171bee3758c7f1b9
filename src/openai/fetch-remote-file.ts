import { bytesToBase64 } from '../base64.ts';
import { mimeTypeFromName, type RemoteFileFetcher } from './convert-message-content.ts';
import type { GeminiInlineData } from './gemini-types.ts';
import { OpenAIRequestError } from './openai-error.ts';
import { describeNetworkError } from '../http/fetch-upstream.ts';
import { readLimitedStream } from '../http/read-limited-stream.ts';

/** The most the proxy downloads for one image URL. */
export const MAX_REMOTE_FILE_BYTES = 20 * 1024 * 1024;
/** With the size above, what one request can make the proxy download and hold stays bounded. */
export const MAX_REMOTE_FILES_PER_REQUEST = 5;
const FETCH_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 5;
const GENERIC_MIME_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Lets one request have at most MAX_REMOTE_FILES_PER_REQUEST of its URLs fetched. */
export function limitRemoteFiles(fetchFile: RemoteFileFetcher): RemoteFileFetcher {
  let fetched = 0;
  return (url) => {
    fetched += 1;
    if (fetched > MAX_REMOTE_FILES_PER_REQUEST) {
      return Promise.reject(
        new OpenAIRequestError(`A request may have at most ${MAX_REMOTE_FILES_PER_REQUEST} image URLs for the proxy to fetch. Send the others inline as data: URLs.`, { code: 'too_many_image_urls' }),
      );
    }
    return fetchFile(url);
  };
}

/** Looks up the addresses of a host name. */
export type HostResolver = (hostname: string) => Promise<string[]>;
let resolveHost: HostResolver | undefined;

/**
 * For the Node entry: a Node server can reach the private network it runs in, so there a name is
 * also looked up and refused when it points inside. Edge platforms cannot reach private networks.
 */
export function useHostResolver(resolver: HostResolver): void {
  resolveHost = resolver;
}

/**
 * The default `image_url` fetcher: http(s) only, no internal hosts (by name, by address literal and,
 * where a resolver is set, by what the name resolves to), a timeout and a size limit.
 */
export async function fetchRemoteFile(url: string): Promise<GeminiInlineData> {
  let target = parseFetchableUrl(url);
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  for (let redirects = 0; ; redirects++) {
    const response = await fetchOnce(target, signal);
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

async function fetchOnce(target: URL, signal: AbortSignal): Promise<Response> {
  await refuseInternalAddresses(target);
  try {
    return await fetch(target, { redirect: 'manual', signal });
  } catch (error) {
    throw refuse(target, `it could not be fetched (${describeDownloadError(error)})`);
  }
}

function parseFetchableUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OpenAIRequestError(`The image URL "${raw.slice(0, 200)}" is not a valid URL.`, { code: 'invalid_image_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(url, 'only http and https URLs are fetched');
  if (isInternalHost(url.hostname)) throw refuse(url, 'it points at a local or private address');
  return url;
}

export function isInternalHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a trailing dot only makes a name fully qualified.
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  // A name of one label (`metadata`, `instance-data`) is found through the local search domains.
  if (!host.includes('.') && !host.includes(':')) return true;
  if (host === '::' || host === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host) || host.startsWith('64:ff9b:1:')) return true;
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  const mapped = /^(?:::ffff:|::ffff:0:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) return isInternalIPv4(hexGroupsToIPv4(mapped[1] ?? '0', mapped[2] ?? '0'));
  const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
  return octets ? isInternalIPv4(octets) : false;
}

/** This network, private, loopback, shared, link-local, IETF protocol, benchmarking, multicast and reserved ranges. */
function isInternalIPv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

async function refuseInternalAddresses(target: URL): Promise<void> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!resolveHost || /^[\d.]+$/.test(host) || host.includes(':')) return;
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch {
    throw refuse(target, 'its name could not be looked up');
  }
  if (addresses.some(isInternalHost)) throw refuse(target, 'its name points at a local or private address');
}

function hexGroupsToIPv4(high: string, low: string): number[] {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255];
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

function refuse(url: URL, reason: string): OpenAIRequestError {
  return new OpenAIRequestError(
    `The image at ${url.host} was not used: ${reason}. Send the image inline as a data: URL instead.`,
    { code: 'invalid_image_url' },
  );
}
