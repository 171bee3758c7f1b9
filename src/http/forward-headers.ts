import { redactKeys } from '../keys/mask-key.ts';

/**
 * Which request headers go upstream. An allow-list, so that cookies, `host`, the client's address
 * and platform headers (`cf-*`, `x-forwarded-*`, `x-real-ip`, `x-vercel-*`, `x-nf-*`) never leave.
 * Keys are placed separately (see client-keys.ts).
 */
const FORWARDED_REQUEST_HEADERS = new Set(['accept', 'content-type', 'user-agent']);
const KEY_HEADERS = new Set(['x-goog-api-key']);

export function upstreamRequestHeaders(incoming: Headers): Headers {
  const outgoing = new Headers();
  incoming.forEach((value, name) => {
    if (FORWARDED_REQUEST_HEADERS.has(name) || (name.startsWith('x-goog-') && !KEY_HEADERS.has(name))) {
      outgoing.set(name, value);
    }
  });
  return outgoing;
}

/**
 * Which response headers come back. Hop-by-hop headers belong to one connection; the body has already
 * been decoded by fetch, so its old encoding and length no longer describe it.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
  'set-cookie',
  'alt-svc',
  // The proxy follows no upstream redirect; a Location would only send the client (and its key) elsewhere.
  'location',
]);

/** The headers the client gets, every key given masked wherever the upstream wrote it. */
export function downstreamResponseHeaders(upstream: Headers, keysToMask: readonly string[] = []): Headers {
  const outgoing = new Headers();
  const shortestKey = keysToMask.length > 0 ? Math.min(...keysToMask.map((key) => key.length)) : Number.POSITIVE_INFINITY;
  upstream.forEach((value, name) => {
    if (DROPPED_RESPONSE_HEADERS.has(name)) return;
    // Most values (types, dates, lengths) are shorter than any key and cannot hold one.
    // A header carries Latin-1 only: the mask's ellipsis is written as three dots there.
    outgoing.set(name, value.length >= shortestKey ? redactKeys(value, keysToMask).replace(/…/g, '...') : value);
  });
  return outgoing;
}
