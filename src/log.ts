import { maskKey } from './keys/mask-key.ts';

/**
 * One line per request. Only the path is logged, never the query (it may hold `key=`),
 * and the key that was used only masked.
 */
export function logRequest(method: string, pathname: string, status: number, startedAt: number, usedKey: string | undefined): void {
  const keyPart = usedKey ? ` key=${maskKey(usedKey)}` : '';
  console.log(`${method} ${pathname} ${status} ${Date.now() - startedAt}ms${keyPart}`);
}

export function logError(message: string): void {
  console.error(message);
}
