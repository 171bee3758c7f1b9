import { parseKeyList } from './parse-key-list.ts';

/** Where the client put its key (list); on native routes the chosen key goes back there (Bearer aside, see proxy-native-request.ts). */
export type KeySource = 'header' | 'query' | 'bearer';

export interface ClientKeys {
  readonly source: KeySource;
  readonly keys: string[];
}

const BEARER_PREFIX = /^bearer\s+/i;

/**
 * Finds the key list of a request: the `x-goog-api-key` header, `x-api-key` (what Anthropic clients
 * send; it counts as the header, so the chosen key goes upstream as `x-goog-api-key`), the `key` query
 * parameter, or `Authorization: Bearer` (what OpenAI clients and Google's OpenAI-compatible endpoint send), in that order.
 */
export function findClientKeys(headers: Headers, url: URL): ClientKeys | null {
  const fromHeader = parseKeyList(headers.get('x-goog-api-key'));
  if (fromHeader.length > 0) return { source: 'header', keys: fromHeader };

  const fromAnthropicHeader = parseKeyList(headers.get('x-api-key'));
  if (fromAnthropicHeader.length > 0) return { source: 'header', keys: fromAnthropicHeader };

  const fromQuery = parseKeyList(url.searchParams.get('key'));
  if (fromQuery.length > 0) return { source: 'query', keys: fromQuery };

  const authorization = headers.get('authorization');
  if (authorization && BEARER_PREFIX.test(authorization)) {
    const fromBearer = parseKeyList(authorization.replace(BEARER_PREFIX, ''));
    if (fromBearer.length > 0) return { source: 'bearer', keys: fromBearer };
  }
  return null;
}

/** Puts one key where the client's list was. The caller has already dropped keys from the other places. */
export function placeKey(source: KeySource, key: string, headers: Headers, search: string): string {
  if (source === 'header') headers.set('x-goog-api-key', key);
  if (source === 'bearer') headers.set('authorization', `Bearer ${key}`);
  const withoutKey = removeQueryParam(search, 'key');
  if (source !== 'query') return withoutKey;
  const param = `key=${encodeURIComponent(key)}`;
  return withoutKey ? `${withoutKey}&${param}` : `?${param}`;
}

/** Removes a parameter from a raw query string, leaving every other parameter byte for byte as it was. */
export function removeQueryParam(search: string, name: string): string {
  if (!search || search === '?') return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && decodeParamName(pair) !== name);
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

function decodeParamName(pair: string): string {
  const rawName = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return rawName;
  }
}
