import type { ProxyError } from '../errors.ts';
import type { RequestContext } from '../request-context.ts';

/** One route of a face: a path (and, where two APIs share a path, a test of the request), methods and a handler. */
export interface Route {
  readonly path: RegExp;
  /** The methods it answers; another method on its path gets 405 in the face's error shape. */
  readonly methods: readonly string[];
  /** Where two APIs share a path (`GET /v1/models`), whether this request is this face's. */
  readonly accepts?: (request: Request, url: URL) => boolean;
  readonly handle: (request: Request, context: RequestContext) => Promise<Response>;
}

/** An API the proxy speaks to its clients: its routes, and how its errors look. */
export interface Face {
  readonly name: string;
  readonly routes: readonly Route[];
  /** Where it is served, for the answer to a path nothing serves (`OpenAI chat completions at /v1/chat/completions`). */
  readonly summary: string;
  /** Whether a request nothing serves comes from this API's clients (its headers say so), so that the 404 is in its shape. */
  readonly claims?: (request: Request) => boolean;
  renderError(error: ProxyError): Response;
}
