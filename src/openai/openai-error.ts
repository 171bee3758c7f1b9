import { redactKeys } from '../keys/mask-key.ts';
import { errorReasons, findGeminiError, parseJsonOrText, retryDelayMs, type GeminiErrorPayload } from '../http/read-gemini-error.ts';
import { isJsonObject } from '../json-value.ts';

/** The error shape every OpenAI SDK parses: `{"error":{"message","type","code","param"}}`. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    code: string | null;
    param: string | null;
  };
}

export interface OpenAIErrorDetails {
  code?: string;
  param?: string;
  type?: string;
}

/** A request the proxy refuses before anything goes upstream; `message` says what is wrong and what to do. */
export class OpenAIRequestError extends Error {
  readonly status: number;
  readonly details: OpenAIErrorDetails;

  constructor(message: string, details: OpenAIErrorDetails = {}, status = 400) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export function openAIErrorBody(status: number, message: string, details: OpenAIErrorDetails = {}): OpenAIErrorBody {
  return {
    error: {
      message,
      type: details.type ?? errorTypeForStatus(status),
      code: details.code ?? null,
      param: details.param ?? null,
    },
  };
}

export function openAIErrorResponse(status: number, message: string, details: OpenAIErrorDetails = {}, headers?: HeadersInit): Response {
  return Response.json(openAIErrorBody(status, message, details), { status, headers });
}

export function requestErrorResponse(error: OpenAIRequestError): Response {
  return openAIErrorResponse(error.status, error.message, error.details);
}

/** Gemini's `{"error":{code,message,status,details}}` (sometimes wrapped in a list) as OpenAI's error body. */
export function convertGeminiError(status: number, payload: unknown, usedKeys: readonly string[] = []): OpenAIErrorBody {
  const geminiError = findGeminiError(payload);
  const message = geminiError?.message || `The Gemini API answered with HTTP ${status} and no error message.`;
  return openAIErrorBody(status, redactKeys(message, usedKeys), { code: errorCode(geminiError) });
}

/** An upstream error response as the OpenAI error response, with the upstream status kept. */
export async function convertGeminiErrorResponse(upstream: Response, usedKeys: readonly string[]): Promise<Response> {
  const text = await upstream.text();
  const payload = parseJsonOrText(text);
  const body = convertGeminiError(upstream.status, payload, usedKeys);
  const headers = new Headers();
  const delayMs = retryDelayMs(findGeminiError(payload));
  const retryAfter = upstream.headers.get('retry-after') ?? (delayMs === undefined ? undefined : String(Math.ceil(delayMs / 1000)));
  // The OpenAI SDKs wait for `retry-after` before retrying a 429 or 503.
  if (retryAfter) headers.set('retry-after', retryAfter);
  return Response.json(body, { status: upstream.status, headers });
}

function errorCode(geminiError: GeminiErrorPayload | undefined): string | undefined {
  if (!geminiError) return undefined;
  if (errorReasons(geminiError).includes('API_KEY_INVALID')) return 'invalid_api_key';
  return geminiError.status?.toLowerCase();
}
