import { maskKey } from './keys/mask-key.ts';

let writeLine: (line: string) => void = (line) => console.log(line);

/**
 * Where the request lines go: console.log, unless the platform's entry has a cheaper way (the Node
 * entry gathers the lines of one turn of its event loop into one write).
 */
export function setRequestLogWriter(write: (line: string) => void): void {
  writeLine = write;
}

/**
 * One line per request. Only the path is logged, never the query (it may hold `key=`),
 * and the key that was used only masked.
 */
export function logRequest(method: string, pathname: string, status: number, startedAt: number, usedKey: string | undefined): void {
  const keyPart = usedKey ? ` key=${maskKey(usedKey)}` : '';
  writeLine(`${method} ${pathname} ${status} ${Date.now() - startedAt}ms${keyPart}`);
}

export function logError(message: string): void {
  console.error(message);
}
