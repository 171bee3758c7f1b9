import type { ProxyConfig } from './config.ts';
import type { Face } from './faces/face.ts';
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
  /** The face whose route matched: errors, even those written into an answer already begun, take its shape. */
  readonly face: Face;
  /** After how long a non-streamed answer starts sending keep-alive whitespace; 0: never. */
  readonly keepAliveAfterMs: number;
  /** The key that answered, for the request log (masked there). */
  usedKey?: string;
}
