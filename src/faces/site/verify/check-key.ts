import { maskKey, redactKeys } from '../../../keys/mask-key.ts';
import { describeNetworkError, type UpstreamFetch } from '../../../http/fetch-upstream.ts';
import { findGeminiError, parseJsonOrText, type GeminiErrorPayload } from '../../../http/read-gemini-error.ts';
import { keyFailureOf } from '../../../keys/key-failure.ts';
import { linkedAbortController } from '../../../http/abort.ts';

export type KeyStatus = 'GOOD' | 'BAD' | 'ERROR';
/** Why a key is not GOOD: an invalid key is for deleting, an exhausted one for waiting. */
export type KeyProblem = 'INVALID_KEY' | 'QUOTA_EXHAUSTED' | 'UPSTREAM_ERROR' | 'NETWORK_ERROR';

export interface KeyCheckResult {
  readonly index: number;
  readonly key: string;
  readonly status: KeyStatus;
  readonly reason?: KeyProblem;
  readonly error?: string;
}

export interface KeyCheckTarget {
  readonly geminiBaseUrl: string;
  /** The model probed with a one-token generation (VERIFY_MODEL). */
  readonly model: string;
  readonly upstreamFetch: UpstreamFetch;
  /** The request's: the check stops when the client leaves. */
  readonly signal?: AbortSignal;
}

const CHECK_TIMEOUT_MS = 20_000;
/** The smallest request that spends generation quota: only such a request shows an exhausted key. */
const PROBE_BODY = JSON.stringify({
  contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
  generationConfig: { maxOutputTokens: 1 },
});

/** Checks one key with a one-token generation and says whether it works, and if not, why. */
export async function checkKey(key: string, index: number, { geminiBaseUrl, model, upstreamFetch, signal }: KeyCheckTarget): Promise<KeyCheckResult> {
  const masked = maskKey(key);
  const generation = await send(`${geminiBaseUrl}/v1beta/models/${encodeURIComponent(model)}:generateContent`, key, 'POST');
  if (generation.status === 404) {
    // The probe model is gone (retired or renamed); the model list still tells a valid key from an invalid one.
    const list = await send(`${geminiBaseUrl}/v1beta/models?pageSize=1`, key, 'GET');
    return classify(list, index, masked, key);
  }
  return classify(generation, index, masked, key);

  async function send(url: string, apiKey: string, method: string): Promise<ProbeOutcome> {
    try {
      const response = await upstreamFetch(url, {
        method,
        headers: new Headers({ 'x-goog-api-key': apiKey, 'content-type': 'application/json' }),
        body: method === 'POST' ? PROBE_BODY : null,
        signal: linkedAbortController(signal, AbortSignal.timeout(CHECK_TIMEOUT_MS)).signal,
      });
      if (response.ok) {
        await response.body?.cancel();
        return { status: response.status };
      }
      return { status: response.status, error: findGeminiError(parseJsonOrText(await response.text())) };
    } catch (error) {
      return { status: 0, networkError: describeNetworkError(error) };
    }
  }
}

interface ProbeOutcome {
  status: number;
  error?: GeminiErrorPayload;
  networkError?: string;
}

function classify(outcome: ProbeOutcome, index: number, masked: string, key: string): KeyCheckResult {
  const base = { index, key: masked };
  if (outcome.status >= 200 && outcome.status < 300) return { ...base, status: 'GOOD' };
  if (outcome.status === 0) {
    return { ...base, status: 'ERROR', reason: 'NETWORK_ERROR', error: redactKeys(`Could not reach the Gemini API: ${outcome.networkError}`, [key]) };
  }
  const message = redactKeys(outcome.error?.message ?? `HTTP ${outcome.status}`, [key]);
  const failure = keyFailureOf(outcome.status, outcome.error);
  if (failure === 'invalid' || failure === 'refused') return { ...base, status: 'BAD', reason: 'INVALID_KEY', error: message };
  if (failure === 'quota') return { ...base, status: 'ERROR', reason: 'QUOTA_EXHAUSTED', error: message };
  return { ...base, status: 'ERROR', reason: 'UPSTREAM_ERROR', error: message };
}
