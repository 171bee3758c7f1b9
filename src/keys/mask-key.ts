const VISIBLE_PREFIX = 6;
const VISIBLE_SUFFIX = 4;

/** Shows enough of a key to tell keys apart (`AIzaSy…abcd`), never the whole key. */
export function maskKey(key: string): string {
  if (key.length <= VISIBLE_PREFIX + VISIBLE_SUFFIX) {
    return key.length <= 4 ? '…' : `${key.slice(0, 2)}…`;
  }
  return `${key.slice(0, VISIBLE_PREFIX)}…${key.slice(-VISIBLE_SUFFIX)}`;
}

/** Replaces every occurrence of the given keys in a text (an error message, a log line) by its mask. */
export function redactKeys(text: string, keys: readonly string[]): string {
  let redacted = text;
  for (const key of keys) {
    if (key) redacted = redacted.split(key).join(maskKey(key));
  }
  return redacted;
}
