import type { ProxyConfig } from './config.ts';

/** What a route handler gets besides the request; `usedKey` lets the request log name the key (masked). */
export interface RequestContext {
  readonly url: URL;
  readonly config: ProxyConfig;
  usedKey?: string;
}
