/**
 * Hands out the keys of a list in turn, so that every key of the list carries an even share of the
 * requests. Each distinct list has its own turn; the first turn is random so that many short-lived
 * instances (edge isolates) do not all start with the first key.
 */
const MAX_TRACKED_LISTS = 1000;

export class KeyRotation {
  private readonly turns = new Map<string, number>();

  pick(keys: readonly string[]): string {
    if (keys.length === 0) throw new Error('pickKey needs at least one key');
    if (keys.length === 1) return keys[0] as string;
    const listId = keys.join(',');
    const previous = this.turns.get(listId) ?? Math.floor(Math.random() * keys.length);
    const turn = (previous + 1) % keys.length;
    if (!this.turns.has(listId) && this.turns.size >= MAX_TRACKED_LISTS) this.turns.clear();
    this.turns.set(listId, turn);
    return keys[turn] as string;
  }
}
