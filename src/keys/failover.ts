/**
 * Sends one request with the keys of a list in turn until one works: a key out of quota, refused,
 * invalid, or meeting an overloaded, unreachable or silent upstream hands the same request to the next
 * key, before any byte of the answer has gone to the client. Each attempt ends with the client's
 * request: once the client has gone, the attempt in flight is cancelled and no other starts.
 */
import { ProxyError } from '../errors.ts';
import { UpstreamUnreachableError } from '../http/fetch-upstream.ts';
import { findGeminiError, parseJsonOrText, retryDelayMs } from '../http/read-gemini-error.ts';
import { keyFailureOf } from './key-failure.ts';
import type { KeyFailure, KeyHealth } from './key-health.ts';

const MAX_ATTEMPTS = 8;
const NO_LIMIT_MS = 2 ** 31 - 1;

export interface FailoverResult {
  readonly response: Response;
  /** The key whose answer this is. */
  readonly key: string;
}

export interface FailoverOptions {
  /**
   * Whether a 5xx, a lost connection or a silent upstream may be tried again with another key. Only
   * for requests that do nothing when repeated (generation, counting, embedding, reading): a batch job
   * or a cache that failed after it was made would otherwise be made twice. Quota and key refusals are
   * always tried again, since the upstream did nothing with them.
   */
  readonly retryUpstreamFailures: boolean;
  /** The model the request is for: a key out of quota for one model may still serve another. */
  readonly model?: string;
  /** The client's request: when it is aborted, so is the attempt in flight (and its answer's body). */
  readonly signal?: AbortSignal;
  /** How long one attempt may wait for response headers before the next key is tried. */
  readonly attemptTimeoutMs?: number;
  /** How long all attempts together may wait for an answer to begin. */
  readonly deadlineMs?: number;
}

/** Sends the request with one key; it must be callable again (the body replayable), and pass `signal` on to the upstream call. */
export type Attempt = (key: string, signal: AbortSignal) => Promise<Response>;

export class ClientGoneError extends ProxyError {
  constructor() {
    // 499: nginx's word for a client that closed the request; nobody reads the answer, the log does.
    super(499, 'The client closed the request before the answer began.', 'client_closed_request');
  }
}

export async function fetchWithFailover(
  health: KeyHealth,
  keys: readonly string[],
  attempt: Attempt,
  options: FailoverOptions = { retryUpstreamFailures: true },
): Promise<FailoverResult> {
  const known = health.orderForRequest(keys, options.model);
  // When every key is cooling down, one try (the key that recovers soonest) tells as much as eight.
  const order = known.keys.slice(0, known.ready === 0 ? 1 : MAX_ATTEMPTS);
  const deadline = Date.now() + (options.deadlineMs ?? NO_LIMIT_MS);
  let lastAnswer: FailoverResult | undefined;
  let lastUnreachable: UpstreamUnreachableError | undefined;

  for (const [index, key] of order.entries()) {
    if (options.signal?.aborted) throw new ClientGoneError();
    const timeLeft = deadline - Date.now();
    if (index > 0 && timeLeft <= 0) break;
    const isLast = index === order.length - 1;
    const outcome = await attemptWithin(attempt, key, Math.min(options.attemptTimeoutMs ?? NO_LIMIT_MS, Math.max(timeLeft, 1)), options.signal);
    if (outcome instanceof UpstreamUnreachableError) {
      health.markFailed(key, 'unreachable');
      lastUnreachable = outcome;
      if (isLast || !options.retryUpstreamFailures) break;
      continue;
    }
    const response = outcome;
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
  if (options.signal?.aborted) throw new ClientGoneError();
  // Every key failed: the last answer Gemini gave (a 429 with its message, say) says more than a lost connection.
  if (lastAnswer) return lastAnswer;
  throw lastUnreachable ?? new UpstreamUnreachableError('No key could be tried.');
}

/**
 * One attempt, cancelled when the client leaves or when no response headers came within `limitMs`.
 * The signal handed to the attempt stays tied to the client's afterwards, so that the answer's body
 * stops when the client does.
 */
async function attemptWithin(attempt: Attempt, key: string, limitMs: number, clientSignal: AbortSignal | undefined): Promise<Response | UpstreamUnreachableError> {
  const controller = new AbortController();
  // The client's own reason: Deno aborts the request's signal when every request ends, and an error made here would cost a stack trace each time.
  const onClientGone = () => controller.abort(clientSignal?.reason);
  clientSignal?.addEventListener('abort', onClientGone, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('no response headers in time'));
  }, limitMs);
  try {
    return await attempt(key, controller.signal);
  } catch (error) {
    clientSignal?.removeEventListener('abort', onClientGone);
    if (clientSignal?.aborted) throw new ClientGoneError();
    if (timedOut) return new UpstreamUnreachableError(`The Gemini API did not begin to answer within ${Math.round(limitMs / 1000)} s. Try again; if it persists, check GEMINI_BASE_URL and the platform's network.`);
    if (error instanceof UpstreamUnreachableError) return error;
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
