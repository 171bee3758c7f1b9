import type { ProxyError } from '../../errors.ts';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** An error in the shape Gemini's clients parse: `{"error":{"code","message","status"}}`. */
export function renderGeminiError(error: ProxyError): Response {
  const code = error.status;
  const status = error.options.geminiStatus ?? STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
  return Response.json({ error: { code, message: error.message, status } }, { status: code, headers: error.options.headers });
}
