/**
 * Hands out the keys of a list in turn, so that every key of the list carries an even share of the
 * requests. Each distinct list has its own turn; the first turn is random so that many short-lived
 * instances (edge isolates) do not all start with the first key.
 */
import { keyDigest, LruMap } from './key-digest.ts';

const MAX_TRACKED_LISTS = 1000;

export class KeyRotation {
  /** A digest of each list (never the keys) → whose turn it was; the least recently used lists are forgotten first. */
  private readonly turns = new LruMap<number>(MAX_TRACKED_LISTS);

  pick(keys: readonly string[]): string {
    if (keys.length === 0) throw new Error('pickKey needs at least one key');
    if (keys.length === 1) return keys[0] as string;
    const listId = keyDigest(keys.join(','));
    const previous = this.turns.get(listId) ?? Math.floor(Math.random() * keys.length);
    const turn = (previous + 1) % keys.length;
    this.turns.set(listId, turn);
    return keys[turn] as string;
  }
}
