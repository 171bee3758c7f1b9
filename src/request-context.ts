import type { ProxyConfig } from './config.ts';
import type { KeyHealth } from './keys/key-health.ts';
import type { PlatformServices } from './services.ts';

/** What a route handler gets besides the request. */
export interface RequestContext {
  readonly url: URL;
  readonly config: ProxyConfig;
  readonly services: PlatformServices;
  /** Aborted when the client leaves: every upstream call and download the request starts ends with it. */
  readonly signal: AbortSignal;
  /** Key turns and cooldowns of this running proxy. */
  readonly keyHealth: KeyHealth;
  /** The key that answered, for the request log (masked there). */
  usedKey?: string;
}
