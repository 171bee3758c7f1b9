import { ConfigError, readConfig, type EnvVars } from './config.ts';
import { addCorsHeaders } from './http/cors.ts';
import { geminiErrorResponse } from './http/gemini-error.ts';
import { redactKeys } from './keys/mask-key.ts';
import { logError, logRequest } from './log.ts';
import type { RequestContext } from './request-context.ts';
import { route } from './routes.ts';

/**
 * The whole proxy: one web-standard handler that every platform entry calls.
 * Never throws; every answer carries the CORS headers.
 */
export async function handleRequest(request: Request, env: EnvVars = {}): Promise<Response> {
  const startedAt = Date.now();
  const url = new URL(request.url);
  let context: RequestContext | undefined;
  let response: Response;
  try {
    context = { url, config: readConfig(env) };
    response = await route(request, context, env);
  } catch (error) {
    response = unexpectedErrorResponse(error, context?.usedKey);
  }
  addCorsHeaders(response.headers);
  logRequest(request.method, url.pathname, response.status, startedAt, context?.usedKey);
  return response;
}

function unexpectedErrorResponse(error: unknown, usedKey: string | undefined): Response {
  if (error instanceof ConfigError) return geminiErrorResponse(500, error.message);
  const detail = error instanceof Error ? error.message : String(error);
  logError(`unexpected error: ${usedKey ? redactKeys(detail, [usedKey]) : detail}`);
  return geminiErrorResponse(500, 'The proxy failed to handle this request. Try again; if it keeps happening, report it with the time of the request.');
}
