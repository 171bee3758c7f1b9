/**
 * The one error model of the proxy. Whatever fails — a malformed request, a missing key, a body too
 * large, an unreachable upstream, an error Gemini answered a translated request with — is thrown or
 * returned as a ProxyError; the face whose route matched renders it in its own API's error shape.
 */

export interface ProxyErrorOptions {
  /** The request field the error is about, as the client named it (`messages[2].content`). */
  readonly param?: string;
  /** Headers the answer must carry (`allow`, `retry-after`, `connection: close`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Gemini's own status word, when the error is Gemini's (`RESOURCE_EXHAUSTED`). */
  readonly geminiStatus?: string;
}

export class ProxyError extends Error {
  constructor(
    /** The HTTP status of the answer. */
    readonly status: number,
    message: string,
    /** Machine-readable, snake_case: `invalid_request`, `missing_api_key`, `upstream_unreachable`, … */
    readonly code: string,
    readonly options: ProxyErrorOptions = {},
  ) {
    super(message);
  }
}

/** A request refused before anything goes upstream (400 unless said otherwise). */
export function invalidRequest(message: string, param?: string, code = 'invalid_request'): ProxyError {
  return new ProxyError(400, message, code, param === undefined ? {} : { param });
}

/** Anything thrown that is not a ProxyError is a fault of the proxy: its detail is logged, never sent. */
export const INTERNAL_ERROR_MESSAGE = 'The proxy failed to handle this request. Try again; if it keeps happening, report it with the time of the request.';
