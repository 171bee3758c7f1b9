const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, x-goog-api-key, x-goog-api-client, x-goog-upload-protocol, x-goog-upload-command, x-goog-upload-offset, x-goog-upload-header-content-length, x-goog-upload-header-content-type';

/** Answers a browser's preflight here: it carries no key, so the upstream would refuse it anyway. */
export function preflightResponse(request: Request): Response {
  const headers = new Headers({
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': request.headers.get('access-control-request-headers') || DEFAULT_ALLOWED_HEADERS,
    'access-control-max-age': '86400',
  });
  return new Response(null, { status: 204, headers });
}

/** Lets browser-based clients read every answer, including the upload URL of resumable uploads. */
export function addCorsHeaders(headers: Headers): void {
  headers.set('access-control-allow-origin', '*');
  headers.set('access-control-expose-headers', '*');
}
