import { ProxyError } from '../errors.ts';
import { fetchUpstream } from '../http/fetch-upstream.ts';
import { buildUpstreamUrl, modelOfPath } from '../http/upstream-url.ts';
import { fetchWithFailover, type FailoverOptions } from '../keys/failover.ts';
import { requireRequestKeys, type KeyRefusal } from '../keys/request-keys.ts';
import type { RequestContext } from '../request-context.ts';
import { isGenerationPath, sendUntilNotBlank } from './empty-answer.ts';
import { FunctionNames } from './function-names.ts';
import { isJsonObject } from '../json-value.ts';
import { upstreamErrorOf } from './upstream-error.ts';

/**
 * The Gemini API as the translating faces call it: one key of the request's list per call, in
 * `x-goog-api-key` (never in the URL), handed to the next key when one fails. The key that answered
 * is what the request log names.
 */
export class GeminiClient {
  constructor(
    private readonly context: RequestContext,
    readonly keys: readonly string[],
  ) {}

  /** Gemini's answer, whatever its status. */
  async send(path: string, search: string, body?: unknown): Promise<Response> {
    const { services, keyHealth } = this.context;
    const url = buildUpstreamUrl(this.context.config.geminiBaseUrl, path, search);
    // Tool names Gemini would refuse go up fitted and come back as the client wrote them.
    const names = isGenerationPath(path) || path.endsWith(':countTokens') ? FunctionNames.fit(isJsonObject(body) && isJsonObject(body.generateContentRequest) ? body.generateContentRequest : body) : undefined;
    const payload = body === undefined ? null : JSON.stringify(body);
    const options = failoverOptions(this.context, path, search, true);
    const send = () =>
      fetchWithFailover(
        keyHealth,
        this.keys,
        (candidate, signal) => {
          const headers = new Headers({ 'x-goog-api-key': candidate });
          if (payload !== null) headers.set('content-type', 'application/json');
          return fetchUpstream(services.upstreamFetch, url, payload === null ? 'GET' : 'POST', headers, payload, signal);
        },
        options,
      );
    const { response, key } = isGenerationPath(path) ? await sendUntilNotBlank(send, options.streamed, this.context.config.emptyAnswerRetries, this.context.signal, { wholeEvents: services.readsWholeEvents ?? false }) : await send();
    this.context.usedKey = key;
    return names ? names.restoreIn(response) : response;
  }

  /** A successful answer; an error answer is thrown as the ProxyError the face renders. */
  async sendOk(path: string, search: string, body?: unknown): Promise<Response> {
    const response = await this.send(path, search, body);
    if (!response.ok) throw await this.errorOf(response);
    return response;
  }

  async json<T>(path: string, search: string, body?: unknown): Promise<T> {
    return readUpstreamJson<T>(await this.sendOk(path, search, body));
  }

  errorOf(response: Response): Promise<ProxyError> {
    return upstreamErrorOf(response, this.keys);
  }
}

/** Failover bounded by the request: its client, its deadline, and a short wait for a stream to begin. */
export function failoverOptions(context: RequestContext, path: string, search: string, retryUpstreamFailures: boolean): FailoverOptions & { streamed: boolean } {
  const { config } = context;
  const streamed = path.endsWith(':streamGenerateContent') || /[?&]alt=sse(&|$)/.test(search);
  return {
    streamed,
    retryUpstreamFailures,
    model: modelOfPath(path),
    signal: context.signal,
    attemptTimeoutMs: streamed ? config.streamHeadersTimeoutMs : config.upstreamHeadersTimeoutMs,
    deadlineMs: config.failoverDeadlineMs,
  };
}

/** The Gemini API with the keys of a request (its list, or the pool behind an access token); `whenMissing` words the 401 for the face's clients. */
export function geminiClientOf(request: Request, context: RequestContext, whenMissing: KeyRefusal): GeminiClient {
  return new GeminiClient(context, requireRequestKeys(request.headers, context.url, context.config, whenMissing).keys);
}

export async function readUpstreamJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new ProxyError(502, 'The Gemini API sent an answer that is not JSON. Try again.', 'invalid_upstream_response');
  }
}
