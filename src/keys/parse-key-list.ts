/**
 * Splits what a user pasted where one key is expected into its keys.
 * Commas separate keys — also semicolons, and the full-width comma, semicolon and enumeration comma
 * (，；、) a Chinese keyboard types; spaces and line breaks around them are forgiven; repeats count
 * once so that every distinct key gets an even share.
 */
export function parseKeyList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const keys = raw.split(/[\s,;\uFF0C\uFF1B\u3001]+/).filter((key) => key.length > 0);
  return [...new Set(keys)];
}
