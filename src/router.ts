/**
 * The route table: every face's routes, tried in the order of the faces below. A face is added by
 * adding its folder under faces/ and one line here. The first route whose path matches (and that
 * accepts the request) answers; the same path with another method is a 405 of that route's face.
 */
import { ProxyError } from './errors.ts';
import { anthropicFace } from './faces/anthropic/anthropic-face.ts';
import type { Face, Route } from './faces/face.ts';
import { geminiFace } from './faces/gemini/gemini-face.ts';
import { openAIFace } from './faces/openai/openai-face.ts';
import { responsesFace } from './faces/responses/responses-face.ts';
import { siteFace } from './faces/site/site-face.ts';

export const FACES: readonly Face[] = [siteFace, anthropicFace, responsesFace, openAIFace, geminiFace];

export interface RouteMatch {
  readonly face: Face;
  /** Undefined when nothing serves the path: the handler answers 404 in the face's shape. */
  readonly route?: Route;
}

export function matchRoute(request: Request, url: URL): RouteMatch {
  const pathname = url.pathname;
  for (const face of FACES) {
    for (const route of face.routes) {
      if (!route.path.test(pathname) || (route.accepts && !route.accepts(request, url))) continue;
      return { face, route };
    }
  }
  // A client whose headers name its API gets that API's 404; otherwise, under /v1/, clients of the
  // translated APIs look for their endpoints: answered in OpenAI's shape.
  const claimant = FACES.find((face) => face.claims?.(request));
  return { face: claimant ?? (pathname.startsWith('/v1/') ? openAIFace : geminiFace) };
}

export function notFoundError(url: URL): ProxyError {
  const served = FACES.map((face) => face.summary).join('; ');
  return new ProxyError(
    404,
    `Nothing is served at ${url.pathname}, and it was not sent upstream. This proxy serves: ${served}. Set your client's base URL to ${url.origin} (OpenAI clients: ${url.origin}/v1).`,
    'not_found',
  );
}

export function methodNotAllowedError(method: string, route: Route): ProxyError {
  const allowed = route.methods.join(', ');
  return new ProxyError(405, `${method} is not supported here; use ${allowed}.`, 'method_not_allowed', { headers: { allow: allowed } });
}
