import type { ProxyError } from '../../errors.ts';
import type { AnthropicErrorBody } from './types.ts';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Anthropic says "overloaded" with 529; Gemini says it with 503. */
export function anthropicStatus(status: number): number {
  return status === 503 ? 529 : status;
}

/** `{"type":"error","error":{"type","message"}}`, as Anthropic's SDKs and Claude Code parse it. */
export function anthropicErrorBody(error: ProxyError): AnthropicErrorBody {
  const status = anthropicStatus(error.status);
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: error.message } };
}

export function renderAnthropicError(error: ProxyError): Response {
  return Response.json(anthropicErrorBody(error), { status: anthropicStatus(error.status), headers: error.options.headers });
}
