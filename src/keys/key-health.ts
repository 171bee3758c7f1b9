/**
 * What this instance has learnt about keys: a key that just failed steps back for a while, so that
 * healthy keys take the load. Gemini counts quota per model, so a key out of quota steps back for
 * that model only; a key refused, invalid or unreachable steps back for all. Memory of one instance
 * only (an isolate, a function instance, a server).
 */
import { keyDigest, LruMap } from './key-digest.ts';
import { KeyRotation } from './key-rotation.ts';

export type KeyFailure = 'quota' | 'invalid' | 'refused' | 'unavailable' | 'unreachable';

const COOLDOWN_MS: Record<KeyFailure, number> = {
  quota: 60_000,
  invalid: 30 * 60_000,
  refused: 30 * 60_000,
  unavailable: 10_000,
  unreachable: 10_000,
};
/** About a hundred bytes an entry: a bound of about a megabyte, whatever clients send as keys. */
const MAX_REMEMBERED = 10_000;

export interface KeyFailureDetails {
  /** How long Gemini asked to wait (RetryInfo), for a quota failure. */
  readonly retryDelayMs?: number;
  /** The model the request was for; quota is counted per model. */
  readonly model?: string;
  readonly now?: number;
}

export interface KeyOrder {
  /** Ready keys first, starting with the one whose turn it is, then cooling keys, the soonest to recover first. */
  readonly keys: string[];
  /** How many of them are ready. */
  readonly ready: number;
}

/** The key state of one running proxy: whose turn it is, and which keys are cooling down. */
export class KeyHealth {
  /**
   * A digest of the key, or of key and model for quota → the time (ms) until which it is tried only
   * after every ready key. The least recently used entries are forgotten first, one at a time.
   */
  private readonly coolingUntil = new LruMap<number>(MAX_REMEMBERED);
  private readonly rotation = new KeyRotation();

  markFailed(key: string, failure: KeyFailure, details: KeyFailureDetails = {}): void {
    const entry = failure === 'quota' && details.model ? scoped(key, details.model) : keyDigest(key);
    this.coolingUntil.set(entry, (details.now ?? Date.now()) + (details.retryDelayMs ?? COOLDOWN_MS[failure]));
  }

  markHealthy(key: string, model?: string): void {
    if (this.coolingUntil.size === 0) return;
    this.coolingUntil.delete(keyDigest(key));
    if (model) this.coolingUntil.delete(scoped(key, model));
  }

  orderForRequest(keys: readonly string[], model?: string, now = Date.now()): KeyOrder {
    if (this.coolingUntil.size === 0) return { keys: this.rotateToTurn(keys), ready: keys.length };
    const ready: string[] = [];
    const cooling: Array<[string, number]> = [];
    for (const key of keys) {
      const until = Math.max(this.coolingUntil.peek(keyDigest(key)) ?? 0, model ? (this.coolingUntil.peek(scoped(key, model)) ?? 0) : 0);
      if (until <= now) ready.push(key);
      else cooling.push([key, until]);
    }
    cooling.sort((a, b) => a[1] - b[1]);
    return { keys: [...this.rotateToTurn(ready), ...cooling.map(([key]) => key)], ready: ready.length };
  }

  private rotateToTurn(keys: readonly string[]): string[] {
    if (keys.length <= 1) return [...keys];
    const first = keys.indexOf(this.rotation.pick(keys));
    return [...keys.slice(first), ...keys.slice(0, first)];
  }
}

function scoped(key: string, model: string): string {
  return keyDigest(`${key}\n${model}`);
}
