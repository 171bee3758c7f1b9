import { isKeyRefusal, resolveRequestKeys, type KeyRefusal } from '../keys/request-keys.ts';
import { geminiErrorResponse } from '../http/gemini-error.ts';
import type { RequestContext } from '../request-context.ts';
import type { EnvVars } from '../config.ts';
import { checkKey, DEFAULT_VERIFY_MODEL, type KeyCheckResult } from './check-key.ts';

const MAX_KEYS_PER_CHECK = 200;
const MISSING_KEYS: KeyRefusal = {
  status: 400,
  message: 'Send the keys to check in the x-goog-api-key header, comma-separated: x-goog-api-key: key1,key2',
};

/**
 * `POST /verify` with `x-goog-api-key: k1,k2,…`: checks every key at once and streams one SSE event
 * per key as soon as its answer is in, or one JSON document when the client asks for JSON.
 */
export async function verifyKeys(request: Request, context: RequestContext, env: EnvVars): Promise<Response> {
  // With a server-side pool, an access token checks the pool's keys (shown masked, like any others).
  const requestKeys = resolveRequestKeys(request.headers, context.url, context.config, MISSING_KEYS);
  if (isKeyRefusal(requestKeys)) return geminiErrorResponse(requestKeys.status, requestKeys.message);
  if (requestKeys.keys.length > MAX_KEYS_PER_CHECK) {
    return geminiErrorResponse(400, `Too many keys: ${requestKeys.keys.length}. Check at most ${MAX_KEYS_PER_CHECK} at a time.`);
  }
  const model = env.VERIFY_MODEL?.trim() || DEFAULT_VERIFY_MODEL;
  const checks = requestKeys.keys.map((key, index) => checkKey(key, index, context.config.geminiBaseUrl, model));

  if (wantsJson(request)) {
    return Response.json({ results: await Promise.all(checks) });
  }
  return new Response(streamResults(checks), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

function wantsJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

function streamResults(checks: Array<Promise<KeyCheckResult>>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      await Promise.all(
        checks.map(async (check) => {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(await check)}\n\n`));
        }),
      );
      controller.close();
    },
  });
}
