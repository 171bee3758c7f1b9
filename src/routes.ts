import type { EnvVars } from './config.ts';
import { geminiErrorResponse } from './http/gemini-error.ts';
import { preflightResponse } from './http/cors.ts';
import { proxyNativeRequest } from './native/proxy-native-request.ts';
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
    return landingPageResponse(context.url);
  }
  if (pathname === '/verify' || pathname === '/verify/') {
    if (request.method !== 'POST') return methodNotAllowed(request, 'POST');
    return verifyKeys(request, context, env);
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
