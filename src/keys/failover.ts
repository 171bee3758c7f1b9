/**
 * Sends one request with the keys of a list in turn until one works: a key out of quota, refused,
 * invalid, or meeting an overloaded or unreachable upstream hands the same request to the next key,
 * before any byte of the answer has gone to the client.
 */
import { UpstreamUnreachableError } from '../http/fetch-upstream.ts';
import { markKeyFailed, markKeyHealthy, orderKeysForRequest, type KeyFailure } from './key-health.ts';

const MAX_ATTEMPTS = 8;
/** No new attempt starts after this long: a client waiting much longer has likely given up. */
const FAILOVER_DEADLINE_MS = 30_000;

export interface FailoverResult {
  readonly response: Response;
  /** The key whose answer this is. */
  readonly key: string;
}

/** `attempt` sends the request with one key; it must be callable again (the body replayable). */
export async function fetchWithFailover(keys: readonly string[], attempt: (key: string) => Promise<Response>): Promise<FailoverResult> {
  const order = orderKeysForRequest(keys).slice(0, MAX_ATTEMPTS);
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
      markKeyFailed(key, 'unreachable');
      lastUnreachable = error;
      if (isLast) break;
      continue;
    }
    if (response.ok) {
      markKeyHealthy(key);
      return { response, key };
    }
    if (keys.length === 1) return { response, key };

    const judged = await judgeFailure(response);
    if (!judged.failure) return { response: judged.response, key };
    markKeyFailed(key, judged.failure, judged.retryDelayMs);
    lastAnswer = { response: judged.response, key };
    if (isLast) break;
  }
  // Every key failed: the last answer Gemini gave (a 429 with its message, say) says more than a lost connection.
  if (lastAnswer) return lastAnswer;
  throw lastUnreachable ?? new UpstreamUnreachableError('No key could be tried.');
}

interface Judgement {
  /** The answer, rebuilt if its body had to be read to judge it. */
  readonly response: Response;
  /** Why the key failed, or undefined when another key would get the same answer (a bad request). */
  readonly failure?: KeyFailure;
  readonly retryDelayMs?: number;
}

async function judgeFailure(response: Response): Promise<Judgement> {
  const { status } = response;
  if (status === 401 || status === 403) return { response: await rebuild(response), failure: 'refused' };
  if (status >= 500) return { response: await rebuild(response), failure: 'unavailable' };
  if (status !== 429 && status !== 400) return { response };

  const body = await response.text();
  const rebuilt = new Response(body, { status, statusText: response.statusText, headers: response.headers });
  if (status === 429) return { response: rebuilt, failure: 'quota', retryDelayMs: retryDelayOf(body) };
  return body.includes('API_KEY_INVALID') ? { response: rebuilt, failure: 'invalid' } : { response: rebuilt };
}

/** Keeps a failed answer whole for the client, and frees the connection behind it. */
async function rebuild(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Gemini's quota errors carry `RetryInfo.retryDelay`, e.g. "34.4s". */
function retryDelayOf(body: string): number | undefined {
  const seconds = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body)?.[1];
  return seconds === undefined ? undefined : Math.ceil(Number(seconds) * 1000);
}
