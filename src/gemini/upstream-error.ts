import { ProxyError } from '../errors.ts';
import { errorReasons, findGeminiError, parseJsonOrText, retryDelayMs } from '../http/read-gemini-error.ts';
import { redactKeys } from '../keys/mask-key.ts';

/**
 * An error Gemini answered a translated request with, as a ProxyError with Gemini's status kept, its
 * message (keys masked), a code the translated APIs understand, and how long to wait where Gemini says.
 */
export async function upstreamErrorOf(upstream: Response, keysToMask: readonly string[]): Promise<ProxyError> {
  const payload = parseJsonOrText(await upstream.text());
  const error = geminiErrorOf(upstream.status, payload, keysToMask);
  const delayMs = retryDelayMs(findGeminiError(payload));
  const retryAfter = upstream.headers.get('retry-after') ?? (delayMs === undefined ? undefined : String(Math.ceil(delayMs / 1000)));
  // The SDKs wait for `retry-after` before retrying a 429 or 503.
  return retryAfter ? new ProxyError(error.status, error.message, error.code, { ...error.options, headers: { 'retry-after': retryAfter } }) : error;
}

/** A Gemini error body (or an error event in a stream), parsed, as a ProxyError. */
export function geminiErrorOf(status: number, payload: unknown, keysToMask: readonly string[]): ProxyError {
  const geminiError = findGeminiError(payload);
  const message = geminiError?.message || `The Gemini API answered with HTTP ${status} and no error message.`;
  const code = errorReasons(geminiError).includes('API_KEY_INVALID') ? 'invalid_api_key' : (geminiError?.status?.toLowerCase() ?? 'upstream_error');
  return new ProxyError(status, redactKeys(message, keysToMask), code, geminiError?.status ? { geminiStatus: geminiError.status } : {});
}
