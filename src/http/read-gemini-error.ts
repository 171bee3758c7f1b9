import { isJsonObject } from '../json-value.ts';

/**
 * Reading Gemini's error bodies: `{"error":{"code","message","status","details":[…]}}`, sometimes
 * wrapped in a list, with `details` holding typed entries such as ErrorInfo (a `reason`) and
 * RetryInfo (a `retryDelay` like "34.4s").
 */
export interface GeminiErrorPayload {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

type Detail = Record<string, unknown>;

/** The error object of a parsed body; a non-JSON body becomes its own (shortened) message. */
export function findGeminiError(payload: unknown): GeminiErrorPayload | undefined {
  const first = Array.isArray(payload) ? payload[0] : payload;
  if (isJsonObject(first) && isJsonObject(first.error)) return first.error as GeminiErrorPayload;
  if (typeof payload === 'string' && payload.trim()) return { message: payload.trim().slice(0, 500) };
  return undefined;
}

export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The `reason`s of the ErrorInfo details: API_KEY_INVALID, CONSUMER_SUSPENDED, … */
export function errorReasons(error: GeminiErrorPayload | undefined): string[] {
  return detailsOfType(error, 'ErrorInfo').flatMap((detail) => (typeof detail.reason === 'string' ? [detail.reason] : []));
}

/** How long Gemini asks to wait (RetryInfo.retryDelay), in milliseconds. */
export function retryDelayMs(error: GeminiErrorPayload | undefined): number | undefined {
  const delay = detailsOfType(error, 'RetryInfo')[0]?.retryDelay;
  const seconds = typeof delay === 'string' ? Number.parseFloat(delay) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

function detailsOfType(error: GeminiErrorPayload | undefined, typeName: string): Detail[] {
  const details = Array.isArray(error?.details) ? error.details : [];
  return details.filter((detail): detail is Detail => isJsonObject(detail) && String(detail['@type']).endsWith(`.${typeName}`));
}
