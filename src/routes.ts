import type { EnvVars } from './config.ts';
import { geminiErrorResponse } from './http/gemini-error.ts';
import { preflightResponse } from './http/cors.ts';
import { proxyNativeRequest } from './native/proxy-native-request.ts';
import { handleOpenAIRequest } from './openai/handle-openai-request.ts';
import { matchOpenAIRoute } from './openai/match-openai-route.ts';
import { openAIErrorResponse } from './openai/openai-error.ts';
import { landingPageResponse } from './page/landing-page.ts';
import type { RequestContext } from './request-context.ts';
import { verifyKeys } from './verify/verify-keys.ts';

const NATIVE_PATH = /^\/(v1|v1beta|v1alpha)(\/|$)|^\/upload\//;

/** Sends each request to the handler for its path. */
export async function route(request: Request, context: RequestContext, env: EnvVars): Promise<Response> {
  const { pathname } = context.url;
  if (request.method === 'OPTIONS') return preflightResponse(request);

  if (pathname === '/' || pathname === '/index.html') {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(request, 'GET');
    return landingPageResponse(request, context);
  }
  if (pathname === '/verify' || pathname === '/verify/') {
    if (request.method !== 'POST') return methodNotAllowed(request, 'POST');
    return verifyKeys(request, context, env);
  }
  // OpenAI-compatible API. Before the native check: `/v1/…` is also a Gemini API version prefix.
  const openAIRoute = matchOpenAIRoute(request.method, context.url, request.headers);
  if (openAIRoute && 'kind' in openAIRoute) return handleOpenAIRequest(request, context, env, openAIRoute.kind);
  if (openAIRoute) {
    const allowed = openAIRoute.methodNotAllowed;
    return openAIErrorResponse(405, `${request.method} is not supported here; use ${allowed}.`, {}, { allow: allowed });
  }

  if (NATIVE_PATH.test(pathname)) return proxyNativeRequest(request, context);

  return geminiErrorResponse(
    404,
    `Nothing is served at ${pathname}. Gemini API paths start with /v1beta/ (for example /v1beta/models); set your client's base URL to ${context.url.origin}.`,
  );
}

function methodNotAllowed(request: Request, allowed: string): Response {
  return geminiErrorResponse(405, `${request.method} is not supported here; use ${allowed}.`, { allow: allowed });
}
