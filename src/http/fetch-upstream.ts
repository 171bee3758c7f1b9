/** The upstream could not be reached at all (DNS, refused connection, TLS, timeout): no HTTP answer to pass on. */
export class UpstreamUnreachableError extends Error {}

/** Sends one request upstream, streaming the body through rather than reading it first. */
export async function fetchUpstream(
  url: string,
  method: string,
  headers: Headers,
  body: BodyInit | null,
): Promise<Response> {
  const hasBody = body !== null && method !== 'GET' && method !== 'HEAD';
  // `duplex` is required by Node's fetch for a streamed body and ignored elsewhere; not yet in the DOM types.
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body: hasBody ? body : null };
  if (hasBody) init.duplex = 'half';
  try {
    return await fetch(url, init);
  } catch (error) {
    const host = new URL(url).host;
    throw new UpstreamUnreachableError(
      `Could not reach the Gemini API at ${host} (${describeNetworkError(error)}). Try again; if it persists, check GEMINI_BASE_URL and the platform's network.`,
    );
  }
}

/** The most telling part of a failed fetch: Node hides the reason in `cause`. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return error.message || 'network error';
}
