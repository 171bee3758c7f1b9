/**
 * The key grammar, shared by the server and the landing page's script. Commas separate keys — also
 * semicolons, and the full-width comma, semicolon and enumeration comma (，；、) a Chinese keyboard
 * types; spaces and line breaks around them are forgiven.
 */
export const KEY_SEPARATORS = /[\s,;\uFF0C\uFF1B\u3001]+/;

/** Printable ASCII: all a key can hold, and all an HTTP header can carry everywhere. */
export const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** Splits what a user pasted where one key is expected into its keys; repeats count once so that every distinct key gets an even share. */
export function parseKeyList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const keys = raw.split(KEY_SEPARATORS).filter((key) => key.length > 0);
  return [...new Set(keys)];
}
