/**
 * What this instance has learnt about keys: a key that just failed steps back for a while, so that
 * healthy keys take the load. Memory of one instance only (an isolate, a function instance, a server).
 */
import { pickKey } from './key-rotation.ts';

export type KeyFailure = 'quota' | 'invalid' | 'refused' | 'unavailable' | 'unreachable';

const COOLDOWN_MS: Record<KeyFailure, number> = {
  quota: 60_000,
  invalid: 30 * 60_000,
  refused: 30 * 60_000,
  unavailable: 10_000,
  unreachable: 10_000,
};
const MAX_REMEMBERED_KEYS = 10_000;

/** Key → the time (ms) until which it is tried only after every ready key. */
const coolingUntil = new Map<string, number>();

export function markKeyFailed(key: string, failure: KeyFailure, retryDelayMs?: number, now = Date.now()): void {
  if (coolingUntil.size >= MAX_REMEMBERED_KEYS && !coolingUntil.has(key)) coolingUntil.clear();
  coolingUntil.set(key, now + (retryDelayMs ?? COOLDOWN_MS[failure]));
}

export function markKeyHealthy(key: string): void {
  coolingUntil.delete(key);
}

/**
 * The order in which to try a list's keys for one request: ready keys first, starting with the one
 * whose turn it is, then the cooling keys, the one that recovers soonest first.
 */
export function orderKeysForRequest(keys: readonly string[], now = Date.now()): string[] {
  if (coolingUntil.size === 0) return rotateToTurn(keys);
  const ready: string[] = [];
  const cooling: Array<[string, number]> = [];
  for (const key of keys) {
    const until = coolingUntil.get(key);
    if (until === undefined || until <= now) ready.push(key);
    else cooling.push([key, until]);
  }
  cooling.sort((a, b) => a[1] - b[1]);
  return [...rotateToTurn(ready), ...cooling.map(([key]) => key)];
}

function rotateToTurn(keys: readonly string[]): string[] {
  if (keys.length <= 1) return [...keys];
  const first = keys.indexOf(pickKey(keys));
  return [...keys.slice(first), ...keys.slice(0, first)];
}

/** For tests: forget everything learnt. */
export function forgetKeyHealth(): void {
  coolingUntil.clear();
}
