import type { ProxyError } from '../../errors.ts';
import type { OpenAIErrorBody } from './types.ts';

export function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** `{"error":{"message","type","code","param"}}`, as the OpenAI SDKs parse it. */
export function openAIErrorBody(error: ProxyError): OpenAIErrorBody {
  return {
    error: {
      message: error.message,
      type: errorTypeForStatus(error.status),
      code: error.code,
      param: error.options.param ?? null,
    },
  };
}

export function renderOpenAIError(error: ProxyError): Response {
  return Response.json(openAIErrorBody(error), { status: error.status, headers: error.options.headers });
}
