/**
 * Which keys serve a request. Without a server-side pool, the keys the client sent. With one
 * (GEMINI_API_KEYS and ACCESS_TOKENS set), the client sends an access token where a key would go,
 * and the pool's keys serve it; the pool's keys never reach a client.
 */
import type { ProxyConfig } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { findClientKeys, type KeySource } from './client-keys.ts';
import { KEY_CHARACTERS } from './parse-key-list.ts';
import { timingSafeEqual } from './timing-safe-equal.ts';

export interface RequestKeys {
  readonly keys: readonly string[];
  /** Where the client's credential was; the native route puts the chosen key there (Bearer aside). */
  readonly source: KeySource;
  readonly fromPool: boolean;
}

export interface KeyRefusal {
  readonly status: 400 | 401 | 500;
  readonly message: string;
}


export function isKeyRefusal(result: RequestKeys | KeyRefusal): result is KeyRefusal {
  return 'status' in result;
}

/** The keys of a request, or the refusal thrown as the error its face renders (401 for a missing key or a wrong token). */
export function requireRequestKeys(headers: Headers, url: URL, config: ProxyConfig, whenMissing: KeyRefusal): RequestKeys {
  const result = resolveRequestKeys(headers, url, config, whenMissing);
  if (isKeyRefusal(result)) throw new ProxyError(result.status, result.message, result.status === 500 ? 'key_pool_closed' : 'invalid_api_key');
  return result;
}

/** `whenMissing` is the answer to a request that carries no key: each route words it for its clients. */
export function resolveRequestKeys(headers: Headers, url: URL, config: ProxyConfig, whenMissing: KeyRefusal): RequestKeys | KeyRefusal {
  const presented = findClientKeys(headers, url);
  if (config.keyPool.length === 0) {
    if (!presented) return whenMissing;
    if (presented.keys.some((key) => !KEY_CHARACTERS.test(key))) {
      return { status: 400, message: 'A key contains characters no Gemini API key has (spaces inside it, or letters outside ASCII). Paste only the keys, separated by commas.' };
    }
    return { keys: presented.keys, source: presented.source, fromPool: false };
  }
  if (config.accessTokens.length === 0) {
    return {
      status: 500,
      message: 'This proxy has GEMINI_API_KEYS set but no ACCESS_TOKENS, so its key pool is closed. Set ACCESS_TOKENS (comma-separated passwords for your clients) on the platform, or remove GEMINI_API_KEYS.',
    };
  }
  if (!presented) {
    return { status: 401, message: 'This proxy holds the API keys itself: send your access token where a client puts its API key (x-goog-api-key, ?key= or Authorization: Bearer).' };
  }
  if (presented.keys.length !== 1 || !isAccessToken(presented.keys[0] as string, config.accessTokens)) {
    return { status: 401, message: 'The access token is wrong. Use one of the tokens set in ACCESS_TOKENS as the API key of your client.' };
  }
  return { keys: config.keyPool, source: presented.source, fromPool: true };
}

/** Every token is compared, whatever matched, so that timing tells nothing. */
export function isAccessToken(candidate: string, tokens: readonly string[]): boolean {
  let found = false;
  for (const token of tokens) found = timingSafeEqual(candidate, token) || found;
  return found;
}
