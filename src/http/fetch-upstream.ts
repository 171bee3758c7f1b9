import { ProxyError } from '../errors.ts';

/** The upstream could not be reached at all (DNS, refused connection, TLS, timeout): no HTTP answer to pass on. */
export class UpstreamUnreachableError extends ProxyError {
  constructor(message: string) {
    super(502, message, 'upstream_unreachable');
  }
}

export type UpstreamBody = Uint8Array<ArrayBuffer> | string | ReadableStream<Uint8Array> | null;

export interface UpstreamRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: UpstreamBody;
  /** Ends the call, and the answer's body, when the request it serves is over. */
  readonly signal?: AbortSignal;
}

/** How requests reach the upstream: the platform's fetch, unless the entry supplies something faster. */
export type UpstreamFetch = (url: string, request: UpstreamRequest) => Promise<Response>;

export const platformUpstreamFetch: UpstreamFetch = (url, { method, headers, body, signal }) => {
  // `duplex` is required by Node's fetch for a streamed body and ignored elsewhere; not yet in the DOM types.
  // Redirects are not followed: the key would go wherever the upstream points (see fetchUpstream).
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body, redirect: 'manual' };
  if (signal) init.signal = signal;
  if (body !== null) init.duplex = 'half';
  return fetch(url, init);
};

/** Sends one request upstream; a streamed body is streamed through rather than read first. */
export async function fetchUpstream(
  upstreamFetch: UpstreamFetch,
  url: string,
  method: string,
  headers: Headers,
  body: UpstreamBody,
  signal?: AbortSignal,
): Promise<Response> {
  const hasBody = body !== null && method !== 'GET' && method !== 'HEAD';
  let response: Response;
  try {
    response = await upstreamFetch(url, signal ? { method, headers, body: hasBody ? body : null, signal } : { method, headers, body: hasBody ? body : null });
  } catch (error) {
    const host = new URL(url).host;
    throw new UpstreamUnreachableError(
      `Could not reach the Gemini API at ${host} (${describeNetworkError(error)}). Try again; if it persists, check GEMINI_BASE_URL and the platform's network.`,
    );
  }
  if (response.status >= 300 && response.status < 400 && response.status !== 304) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProxyError(
      502,
      `The Gemini API at ${new URL(url).host} answered with a redirect (HTTP ${response.status}), which the proxy does not follow: it would send your key to another address. Set GEMINI_BASE_URL to the final address of the API.`,
      'upstream_redirect',
    );
  }
  return response;
}

/**
 * The most telling part of a failed fetch (Node hides the reason in `cause`), fit to show a client:
 * some runtimes quote the whole URL (Deno: "error sending request for url (…?key=…)"), so queries go.
 */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const reason = cause instanceof Error && cause.message ? cause.message : error.message || 'network error';
  return reason.replace(/(https?:\/\/[^\s?#)'"]*)[?#][^\s)'"]*/g, '$1');
}
