export type OpenAIRouteKind = 'chat' | 'embeddings' | 'models' | 'model';

export type OpenAIRouteMatch =
  | { readonly kind: OpenAIRouteKind }
  | { readonly methodNotAllowed: string };

const ROUTES: ReadonlyArray<{ paths: readonly string[]; kind: OpenAIRouteKind; method: string }> = [
  { paths: ['/v1/chat/completions', '/chat/completions', '/chat'], kind: 'chat', method: 'POST' },
  { paths: ['/v1/embeddings', '/embeddings'], kind: 'embeddings', method: 'POST' },
  { paths: ['/models'], kind: 'models', method: 'GET' },
];

/**
 * Which OpenAI-compatible route a request is for, or null for any other (native) path.
 * `GET /v1/models` is also Gemini's own model list (`/v1` is a Gemini API version): it is the OpenAI
 * route only when the key comes as `Authorization: Bearer` — the way OpenAI clients send it — with no
 * `x-goog-api-key` header and no `key` parameter, which only Gemini clients send.
 */
export function matchOpenAIRoute(method: string, url: URL, headers: Headers): OpenAIRouteMatch | null {
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  if (pathname === '/v1/models') {
    return method === 'GET' && sendsKeyTheOpenAIWay(url, headers) ? { kind: 'models' } : null;
  }
  // One model (`models.retrieve`): the same rule, as Gemini's v1 API answers `GET /v1/models/{id}` too.
  if (/^\/v1\/models\/[^/:]+$/.test(pathname)) {
    return method === 'GET' && sendsKeyTheOpenAIWay(url, headers) ? { kind: 'model' } : null;
  }
  if (/^\/models\/[^/:]+$/.test(pathname)) return method === 'GET' ? { kind: 'model' } : { methodNotAllowed: 'GET' };
  const route = ROUTES.find((candidate) => candidate.paths.includes(pathname));
  if (!route) return null;
  return method === route.method ? { kind: route.kind } : { methodNotAllowed: route.method };
}

function sendsKeyTheOpenAIWay(url: URL, headers: Headers): boolean {
  return /^bearer\s/i.test(headers.get('authorization') ?? '') && !headers.has('x-goog-api-key') && !url.searchParams.has('key');
}
