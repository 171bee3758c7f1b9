/**
 * Whether an error answer is the key's fault — another key may do better — and how. Only what
 * Gemini says of the key counts: a 403 for a file of another project, or a 400 that merely quotes
 * "API_KEY_INVALID" in its message, says nothing about the key.
 */
import { errorReasons, type GeminiErrorPayload } from '../http/read-gemini-error.ts';
import type { KeyFailure } from './key-health.ts';

const INVALID_KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED']);
const REFUSED_KEY_REASONS = new Set([
  'API_KEY_SERVICE_BLOCKED',
  'API_KEY_HTTP_REFERRER_BLOCKED',
  'API_KEY_IP_ADDRESS_BLOCKED',
  'API_KEY_ANDROID_APP_BLOCKED',
  'API_KEY_IOS_APP_BLOCKED',
  'CONSUMER_SUSPENDED',
  'SERVICE_DISABLED',
  'BILLING_DISABLED',
]);

export function keyFailureOf(status: number, error: GeminiErrorPayload | undefined): KeyFailure | undefined {
  if (status === 429) return 'quota';
  if (status >= 500) return 'unavailable';
  const reasons = errorReasons(error);
  if (reasons.some((reason) => INVALID_KEY_REASONS.has(reason))) return 'invalid';
  if (reasons.some((reason) => REFUSED_KEY_REASONS.has(reason))) return 'refused';
  // A leaked or revoked key is refused with a 403 whose message names the API key, and no reason.
  if (status === 403 && reasons.length === 0 && /\bAPI key\b/i.test(error?.message ?? '')) return 'refused';
  return undefined;
}
