import { ProxyError } from '../../../errors.ts';
import { requireRequestKeys, type KeyRefusal } from '../../../keys/request-keys.ts';
import type { RequestContext } from '../../../request-context.ts';
import { checkKey, type KeyCheckResult } from './check-key.ts';

const MAX_KEYS_PER_CHECK = 200;
/** Checks in flight at once: a long list is not a burst of upstream calls. */
export const MAX_CONCURRENT_CHECKS = 8;
const MISSING_KEYS: KeyRefusal = {
  status: 400,
  message: 'Send the keys to check in the x-goog-api-key header, comma-separated: x-goog-api-key: key1,key2',
};

/**
 * `POST /verify` with `x-goog-api-key: k1,k2,…`: checks every key at once and streams one SSE event
 * per key as soon as its answer is in, or one JSON document when the client asks for JSON.
 */
export async function verifyKeys(request: Request, context: RequestContext): Promise<Response> {
  // With a server-side pool, an access token checks the pool's keys (shown masked, like any others).
  const requestKeys = requireRequestKeys(request.headers, context.url, context.config, MISSING_KEYS);
  if (requestKeys.keys.length > MAX_KEYS_PER_CHECK) {
    throw new ProxyError(400, `Too many keys: ${requestKeys.keys.length}. Check at most ${MAX_KEYS_PER_CHECK} at a time.`, 'too_many_keys');
  }
  const { config, services } = context;
  const target = { geminiBaseUrl: config.geminiBaseUrl, model: config.verifyModel, upstreamFetch: services.upstreamFetch, signal: context.signal };
  const checks = inTurns(requestKeys.keys, MAX_CONCURRENT_CHECKS, (key, index) => checkKey(key, index, target));

  if (wantsJson(request)) {
    return Response.json({ results: await Promise.all(checks) });
  }
  return new Response(streamResults(checks), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

/** Runs `work` over the items with at most `limit` of them in flight; one promise per item, in order. */
function inTurns<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Array<Promise<R>> {
  const starts = items.map(() => deferred());
  const results = items.map((item, index) => starts[index]!.promise.then(() => work(item, index)));
  let next = 0;
  const startNext = (): void => {
    const index = next++;
    if (index >= items.length) return;
    starts[index]!.resolve();
    results[index]!.finally(startNext).catch(() => undefined);
  };
  for (let i = 0; i < Math.min(limit, items.length); i++) startNext();
  return results;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
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
