/**
 * Sends one request with the keys of a list in turn until one works: a key out of quota, refused,
 * invalid, or meeting an overloaded or unreachable upstream hands the same request to the next key,
 * before any byte of the answer has gone to the client.
 */
import { UpstreamUnreachableError } from '../http/fetch-upstream.ts';
import { findGeminiError, parseJsonOrText, retryDelayMs } from '../http/read-gemini-error.ts';
import { keyFailureOf } from './key-failure.ts';
import type { KeyFailure, KeyHealth } from './key-health.ts';

const MAX_ATTEMPTS = 8;
/** No new attempt starts after this long: a client waiting much longer has likely given up. */
const FAILOVER_DEADLINE_MS = 30_000;

export interface FailoverResult {
  readonly response: Response;
  /** The key whose answer this is. */
  readonly key: string;
}

export interface FailoverOptions {
  /**
   * Whether a 5xx or a lost connection may be tried again with another key. Only for requests that
   * do nothing when repeated (generation, counting, embedding, reading): a batch job or a cache that
   * failed after it was made would otherwise be made twice. Quota and key refusals are always tried
   * again, since the upstream did nothing with them.
   */
  readonly retryUpstreamFailures: boolean;
  /** The model the request is for: a key out of quota for one model may still serve another. */
  readonly model?: string;
}

/** `attempt` sends the request with one key; it must be callable again (the body replayable). */
export async function fetchWithFailover(
  health: KeyHealth,
  keys: readonly string[],
  attempt: (key: string) => Promise<Response>,
  options: FailoverOptions = { retryUpstreamFailures: true },
): Promise<FailoverResult> {
  const known = health.orderForRequest(keys, options.model);
  // When every key is cooling down, one try (the key that recovers soonest) tells as much as eight.
  const order = known.keys.slice(0, known.ready === 0 ? 1 : MAX_ATTEMPTS);
  const startedAt = Date.now();
  let lastAnswer: FailoverResult | undefined;
  let lastUnreachable: UpstreamUnreachableError | undefined;

  for (const [index, key] of order.entries()) {
    if (index > 0 && Date.now() - startedAt > FAILOVER_DEADLINE_MS) break;
    const isLast = index === order.length - 1;
    let response: Response;
    try {
      response = await attempt(key);
    } catch (error) {
      if (!(error instanceof UpstreamUnreachableError)) throw error;
      health.markFailed(key, 'unreachable');
      lastUnreachable = error;
      if (isLast || !options.retryUpstreamFailures) break;
      continue;
    }
    if (response.ok) {
      health.markHealthy(key, options.model);
      return { response, key };
    }
    if (keys.length === 1) return { response, key };

    const judged = await judgeFailure(response);
    if (!judged.failure) return { response: judged.response, key };
    health.markFailed(key, judged.failure, { retryDelayMs: judged.retryDelayMs, model: options.model });
    lastAnswer = { response: judged.response, key };
    if (isLast || (judged.failure === 'unavailable' && !options.retryUpstreamFailures)) break;
  }
  // Every key failed: the last answer Gemini gave (a 429 with its message, say) says more than a lost connection.
  if (lastAnswer) return lastAnswer;
  throw lastUnreachable ?? new UpstreamUnreachableError('No key could be tried.');
}

interface Judgement {
  /** The answer, rebuilt since its body had to be read to judge it. */
  readonly response: Response;
  /** Why the key failed, or undefined when another key would get the same answer. */
  readonly failure?: KeyFailure;
  readonly retryDelayMs?: number;
}

/** Error bodies are small: read whole, judged, and kept for the client. */
async function judgeFailure(response: Response): Promise<Judgement> {
  const body = await response.text();
  const rebuilt = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  const error = findGeminiError(parseJsonOrText(body));
  const failure = keyFailureOf(response.status, error);
  return { response: rebuilt, failure, retryDelayMs: failure === 'quota' ? retryDelayMs(error) : undefined };
}
