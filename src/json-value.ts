/** Narrowing helpers for request bodies that arrive as `unknown` JSON. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How deep a request's JSON may nest. The conversions walk schemas and arguments recursively; far
 * deeper than any real schema, and far below what overflows a call stack on any runtime.
 */
export const MAX_JSON_DEPTH = 100;

/** The path (`messages[0].tool_calls[0]…`) of the first value nested deeper than `limit`, or undefined. Iterative, so any depth is safe to check. */
export function pathTooDeep(root: unknown, limit = MAX_JSON_DEPTH): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return path || '(the body)';
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], depth: depth + 1, path: `${path}[${index}]` });
    } else {
      for (const [key, child] of Object.entries(value)) {
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
}
