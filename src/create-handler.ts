import { readConfig, type EnvVars } from './config.ts';
import { INTERNAL_ERROR_MESSAGE, ProxyError } from './errors.ts';
import { addCorsHeaders, preflightResponse } from './http/cors.ts';
import { KeyHealth } from './keys/key-health.ts';
import { redactKeys } from './keys/mask-key.ts';
import { logError, logRequest } from './log.ts';
import type { RequestContext } from './request-context.ts';
import { matchRoute, methodNotAllowedError, notFoundError } from './router.ts';
import type { PlatformServices } from './services.ts';

export type ProxyHandler = (request: Request, env?: EnvVars) => Promise<Response>;

/**
 * The whole proxy as one web-standard handler, built once per running instance with the services of
 * its platform. The instance keeps what it learns about keys (turns, cooldowns). The handler never
 * throws; every error is rendered once, here, in the error shape of the API whose route matched, and
 * every answer carries the CORS headers.
 */
export function createHandler(services: PlatformServices): ProxyHandler {
  const keyHealth = new KeyHealth();
  return async (request, env = {}) => {
    const startedAt = Date.now();
    const url = new URL(request.url);
    const { face, route } = matchRoute(request, url);
    let context: RequestContext | undefined;
    let response: Response;
    try {
      if (request.method === 'OPTIONS') response = preflightResponse(request);
      else if (isWebSocketUpgrade(request)) throw liveApiNotSupported();
      else if (!route) throw notFoundError(url);
      else if (!route.methods.includes(request.method)) throw methodNotAllowedError(request.method, route);
      else {
        const config = readConfig(env);
        context = { url, config, services, face, signal: request.signal, keyHealth, keepAliveAfterMs: keepAliveDelay(config.keepAliveAfterMs, services.firstByteLimitMs) };
        response = await route.handle(request, context);
      }
    } catch (error) {
      response = face.renderError(asProxyError(error, context?.usedKey));
    }
    addCorsHeaders(response.headers);
    logRequest(request.method, url.pathname, response.status, startedAt, context?.usedKey);
    return response;
  };
}

/** Unless set, keep-alive starts well inside the platform's first-byte limit, and never where there is none. */
function keepAliveDelay(configured: number | undefined, firstByteLimitMs: number | undefined): number {
  if (configured !== undefined) return configured;
  return firstByteLimitMs ? Math.min(10_000, Math.floor(firstByteLimitMs / 2)) : 0;
}

function isWebSocketUpgrade(request: Request): boolean {
  return request.headers.get('upgrade')?.toLowerCase() === 'websocket';
}

function liveApiNotSupported(): ProxyError {
  return new ProxyError(
    501,
    "WebSocket connections (Gemini's Live API) are not supported by this proxy yet. Use the Gemini API's HTTP methods, such as streamGenerateContent, through this proxy, or connect to the Live API directly.",
    'websocket_not_supported',
  );
}

function asProxyError(error: unknown, usedKey: string | undefined): ProxyError {
  if (error instanceof ProxyError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  logError(`unexpected error: ${usedKey ? redactKeys(detail, [usedKey]) : detail}`);
  return new ProxyError(500, INTERNAL_ERROR_MESSAGE, 'internal_error');
}
