import { platformUpstreamFetch, type UpstreamFetch } from './http/fetch-upstream.ts';

/** Downloads a URL a request names (an image URL), without following redirects: the caller checks each hop. */
export type DownloadFetch = (url: URL, signal: AbortSignal) => Promise<Response>;

/**
 * What the proxy needs from the platform it runs on, handed to `createHandler` once by the entry.
 * The defaults are web-standard and serve every edge runtime.
 */
export interface PlatformServices {
  /** How requests reach the Gemini API. */
  readonly upstreamFetch: UpstreamFetch;
  /**
   * How media named by URL is downloaded. Where the proxy can reach a private network (a Node server),
   * it refuses to connect to an internal address (HostRefusedError); edge platforms cannot reach one.
   */
  readonly downloadFetch: DownloadFetch;
  /**
   * Where the platform ends a request whose answer has not begun by then (Vercel Edge: 25 s, Netlify:
   * 40 s): non-streamed answers still being thought about are then kept alive with whitespace.
   */
  readonly firstByteLimitMs?: number;
  /**
   * The platform's fetch bodies are byte streams that honour a read's `min` up to their very end
   * (workerd, Deno): the streams the proxy reads in JS then take each Gemini event in one read.
   */
  readonly readsWholeEvents?: boolean;
  /**
   * The runtime passes a tee's branch on without running JavaScript per piece (workerd): the
   * blank-answer check of a native stream reads the other branch. Elsewhere a tee is JavaScript, and
   * the check's own reader is handed on instead (see empty-answer.ts).
   */
  readonly teesNatively?: boolean;
}

export const platformDownloadFetch: DownloadFetch = (url, signal) => fetch(url, { redirect: 'manual', signal });

export const WEB_STANDARD_SERVICES: PlatformServices = {
  upstreamFetch: platformUpstreamFetch,
  downloadFetch: platformDownloadFetch,
};
