import { platformUpstreamFetch, type UpstreamFetch } from './http/fetch-upstream.ts';

/** Downloads a URL a request names (an image URL), without following redirects: the caller checks each hop. */
export type DownloadFetch = (url: URL, signal: AbortSignal) => Promise<Response>;

/** Looks up the addresses of a host name. */
export type HostResolver = (hostname: string) => Promise<string[]>;

/**
 * What the proxy needs from the platform it runs on, handed to `createHandler` once by the entry.
 * The defaults are web-standard and serve every edge runtime.
 */
export interface PlatformServices {
  /** How requests reach the Gemini API. */
  readonly upstreamFetch: UpstreamFetch;
  /** How media named by URL is downloaded. */
  readonly downloadFetch: DownloadFetch;
  /**
   * Where the proxy can reach a private network (a Node server), the addresses a name resolves to, so
   * that a name pointing inside is refused. Edge platforms cannot reach private networks and need none.
   */
  readonly resolveHost?: HostResolver;
}

export const platformDownloadFetch: DownloadFetch = (url, signal) => fetch(url, { redirect: 'manual', signal });

export const WEB_STANDARD_SERVICES: PlatformServices = {
  upstreamFetch: platformUpstreamFetch,
  downloadFetch: platformDownloadFetch,
};
