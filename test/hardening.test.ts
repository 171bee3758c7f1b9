/**
 * Hardening: nothing outlives its request, no key leaves in a header, no upstream redirect is
 * followed, memory and depth are bounded, /verify keeps few checks in flight, a dropped stream logs
 * one line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/create-handler.ts';
import type { UpstreamFetch, UpstreamRequest } from '../src/http/fetch-upstream.ts';
import type { DownloadFetch } from '../src/services.ts';
import { readFixture } from './support/fixtures.ts';
import { startLocalServer, type LocalServer } from './support/local-server.ts';

const KEY_1 = 'AIzaSyHarden00000000000000000000000001';
const KEY_2 = 'AIzaSyHarden00000000000000000000000002';
const POOL = [KEY_1, KEY_2];
const TOKEN = 'hardening-token-1234';
const noDownloads: DownloadFetch = () => Promise.reject(new Error('no download expected'));

function chatRequest(body: unknown, init: RequestInit = {}): Request {
  return new Request('https://proxy.example/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_1},${KEY_2}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** An upstream call that stays unanswered until its signal aborts it, as a silent Gemini would. */
function silentUntilAborted(request: UpstreamRequest): Promise<Response> {
  return new Promise((_resolve, reject) => {
    request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('a request\'s work ends with the request', () => {
  /** A download that sends a little and then waits for more, until it is aborted. */
  function trickleDownloads() {
    const started: AbortSignal[] = [];
    const allStarted = deferred();
    let expected = Number.POSITIVE_INFINITY;
    const downloadFetch: DownloadFetch = async (_url, signal) => {
      started.push(signal);
      if (started.length >= expected) allStarted.resolve();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1024));
          signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(body, { headers: { 'content-type': 'image/png' } });
    };
    return { started, downloadFetch, whenStarted: (count: number) => ((expected = count), started.length >= count ? Promise.resolve() : allStarted.promise) };
  }

  const images = (count: number) => Array.from({ length: count }, (_, i) => ({ type: 'image_url', image_url: { url: `https://images.example/${i}.png` } }));

  it('a refused sixth image URL stops the five downloads already running, and nothing goes upstream', async () => {
    const downloads = trickleDownloads();
    const upstreamCalls: string[] = [];
    const handle = createHandler({ upstreamFetch: async (url) => (upstreamCalls.push(url), Response.json({})), downloadFetch: downloads.downloadFetch });
    const response = await handle(chatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: images(6) }] }), {});
    expect(response.status).toBe(400);
    expect(downloads.started).toHaveLength(5);
    expect(downloads.started.every((signal) => signal.aborted)).toBe(true);
    expect(upstreamCalls).toEqual([]);
  });

  it('a client that leaves stops its downloads, and nothing is sent upstream after it has gone', async () => {
    const downloads = trickleDownloads();
    const upstreamCalls: string[] = [];
    const handle = createHandler({ upstreamFetch: async (url) => (upstreamCalls.push(url), Response.json({})), downloadFetch: downloads.downloadFetch });
    const client = new AbortController();
    const answered = handle(chatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: images(3) }] }, { signal: client.signal }), {});
    await downloads.whenStarted(3);
    client.abort();
    const response = await answered;
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(downloads.started.every((signal) => signal.aborted)).toBe(true);
    expect(upstreamCalls).toEqual([]);
  });

  it('a streamed call whose key never answers moves on to the next key', async () => {
    const keysTried: string[] = [];
    const upstreamFetch: UpstreamFetch = async (_url, request) => {
      const key = request.headers.get('x-goog-api-key') ?? '';
      keysTried.push(key);
      if (key === KEY_1) return silentUntilAborted(request);
      return new Response(`data: ${readFixture('google-text.json').replace(/\n/g, '')}\n\n`, { headers: { 'content-type': 'text/event-stream' } });
    };
    const handle = createHandler({ upstreamFetch, downloadFetch: noDownloads });
    for (let i = 0; i < 2; i++) {
      const response = await handle(chatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true }), { STREAM_HEADERS_TIMEOUT_MS: '50' });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('strawberry');
    }
    expect(keysTried).toContain(KEY_1);
    expect(keysTried.filter((key) => key === KEY_2).length).toBe(2);
  });

  it('FAILOVER_DEADLINE_MS bounds the wait, attempts in flight included', async () => {
    const handle = createHandler({ upstreamFetch: (_url, request) => silentUntilAborted(request), downloadFetch: noDownloads });
    const response = await handle(chatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }), { FAILOVER_DEADLINE_MS: '50' });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/did not begin to answer/);
  });
});

describe('the upstream socket closes when the client leaves before the answer begins', () => {
  let upstream: Server;
  let server: LocalServer;
  const arrived = deferred();
  const closed = deferred<number>();

  beforeAll(async () => {
    upstream = createServer((req: IncomingMessage) => {
      arrived.resolve();
      req.socket.once('close', () => closed.resolve(Date.now()));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    server = await startLocalServer({ GEMINI_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await server?.stop();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('within 2 s (it used to stay open for 300 s)', async () => {
    const client = new AbortController();
    const request = fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY_1, 'content-type': 'application/json' },
      body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
      signal: client.signal,
    }).catch(() => undefined);
    await arrived.promise;
    const leftAt = Date.now();
    client.abort();
    await request;
    const closedAt = await Promise.race([closed.promise, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 2000).unref())]);
    expect(closedAt - leftAt).toBeLessThan(2000);
  });
});

describe('no key or token leaves in a header', () => {
  const poolEnv = { GEMINI_API_KEYS: POOL.join(','), ACCESS_TOKENS: TOKEN, GEMINI_BASE_URL: 'https://Gateway.Example/gemini' };

  function nativeRequest(path: string, init: RequestInit = {}): Request {
    return new Request(`https://proxy.example${path}`, { ...init, headers: { 'x-goog-api-key': TOKEN, ...(init.headers as Record<string, string>) } });
  }

  function expectNoPoolKey(response: Response): void {
    response.headers.forEach((value) => {
      for (const key of POOL) expect(value).not.toContain(key);
    });
  }

  it.each([
    ['the configured host in another case', (key: string) => `https://GATEWAY.example/gemini/upload/v1beta/files?upload_id=u1&key=${key}`],
    ['localhost for 127.0.0.1', (key: string) => `http://localhost:9999/gemini/upload/v1beta/files?upload_id=u1&key=${key}`],
    ['a host of its own', (key: string) => `https://upload.googleapis.example/upload/v1beta/files?key=${key}&upload_id=u1`],
  ])('the upload URL points at the proxy with no key, when the upstream names %s', async (_name, uploadUrl) => {
    const upstreamFetch: UpstreamFetch = async (_url, request) =>
      new Response(null, { headers: { 'x-goog-upload-url': uploadUrl(request.headers.get('x-goog-api-key') ?? ''), 'x-goog-upload-status': 'active' } });
    const response = await createHandler({ upstreamFetch, downloadFetch: noDownloads })(
      nativeRequest('/upload/v1beta/files', { method: 'POST', headers: { 'x-goog-upload-command': 'start', 'x-goog-upload-protocol': 'resumable' }, body: '{}' }),
      poolEnv,
    );
    expect(response.headers.get('x-goog-upload-url')).toMatch(/^https:\/\/proxy\.example\/upload\/v1beta\/files\?upload_id=u1&key_tag=[a-z0-9]{6}$/);
    expectNoPoolKey(response);
  });

  it('any other header that quotes a key is masked', async () => {
    const upstreamFetch: UpstreamFetch = async (_url, request) => Response.json({}, { headers: { 'x-debug-consumer': `api_key:${request.headers.get('x-goog-api-key')}` } });
    const response = await createHandler({ upstreamFetch, downloadFetch: noDownloads })(nativeRequest('/v1beta/models'), poolEnv);
    expect(response.headers.get('x-debug-consumer')).toMatch(/^api_key:AIzaSy\.\.\.000[12]$/);
    expectNoPoolKey(response);
  });

  it('an upstream redirect is not followed: 502 that says what to set, no Location, no key', async () => {
    const seen: string[] = [];
    const upstreamFetch: UpstreamFetch = async (url, request) => {
      seen.push(url);
      return new Response(null, { status: 307, headers: { location: `https://elsewhere.example/v1beta/models?key=${request.headers.get('x-goog-api-key')}` } });
    };
    const response = await createHandler({ upstreamFetch, downloadFetch: noDownloads })(nativeRequest('/v1beta/models'), poolEnv);
    expect(response.status).toBe(502);
    expect(response.headers.get('location')).toBeNull();
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/redirect.*GEMINI_BASE_URL/s);
    expect(seen).toHaveLength(1);
    expectNoPoolKey(response);
  });
});

describe('bounded depth and memory', () => {
  /** A schema nested `levels` deep, as JSON text: the test's own JSON.stringify could not write it. */
  const deepSchema = (levels: number) => `${'{"type":"object","properties":{"nested":'.repeat(levels / 2)}{"type":"string"}${'}}'.repeat(levels / 2)}`;
  const DEEP = '"__deep__"';
  const deepText = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  const handle = createHandler({ upstreamFetch: async () => Response.json(JSON.parse(readFixture('google-text.json'))), downloadFetch: noDownloads });

  it.each([
    ['response_format.json_schema.schema', { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: '__deep__' } } }],
    ['tools[].function.parameters', { tools: [{ type: 'function', function: { name: 'f', parameters: '__deep__' } }] }],
    [
      'tool call arguments',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: `{"a":${deepText(5000)}}` } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      },
    ],
    [
      'tool content',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: `{"a":${deepText(5000)}}` },
        ],
      },
    ],
  ])('JSON nested 5,000 levels deep in %s is answered 400 with where', async (_where, extra) => {
    const body = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], ...extra }).replace(DEEP, deepSchema(5000));
    const response = await handle(chatRequest(null, { body }), {});
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; code: string; param: string } };
    expect(error.code).toBe('json_too_deep');
    expect(error.message).toMatch(/deeper than 100 levels/);
    expect(error.param).toBeTruthy();
  });

  it('5,000 requests with distinct 7 KB junk keys grow the heap by less than 5 MB', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const quota = readFixture('google-429-retry-info.json');
    const handleQuota = createHandler({ upstreamFetch: async () => new Response(quota, { status: 429 }), downloadFetch: noDownloads });
    const junk = (i: number, j: number) => `${i}-${j}-`.padEnd(7 * 1024, 'x');
    const send = (i: number) =>
      handleQuota(new Request('https://proxy.example/v1beta/models/gemini-2.5-flash:generateContent', { method: 'POST', headers: { 'x-goog-api-key': `${junk(i, 1)},${junk(i, 2)}` }, body: '{}' }), {});
    const log = console.log;
    console.log = () => undefined;
    try {
      for (let i = 0; i < 200; i++) await (await send(-i - 1)).text();
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 5000; i++) await (await send(i)).text();
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      expect(grown).toBeLessThan(5 * 1024 * 1024);
    } finally {
      console.log = log;
    }
  }, 60_000);
});

describe('/verify', () => {
  it('checks 200 keys with never more than 8 in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const upstreamFetch: UpstreamFetch = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return Response.json({});
    };
    const keys = Array.from({ length: 200 }, (_, i) => `AIzaSyVerify${String(i).padStart(26, '0')}`);
    const response = await createHandler({ upstreamFetch, downloadFetch: noDownloads })(
      new Request('https://proxy.example/verify', { method: 'POST', headers: { 'x-goog-api-key': keys.join(','), accept: 'application/json' } }),
      {},
    );
    const { results } = (await response.json()) as { results: Array<{ status: string }> };
    expect(results).toHaveLength(200);
    expect(results.every((result) => result.status === 'GOOD')).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
  });

  it('stops its checks when the client leaves', async () => {
    const signals: AbortSignal[] = [];
    const upstreamFetch: UpstreamFetch = (_url, request) => {
      if (request.signal) signals.push(request.signal);
      return silentUntilAborted(request);
    };
    const client = new AbortController();
    const response = await createHandler({ upstreamFetch, downloadFetch: noDownloads })(
      new Request('https://proxy.example/verify', { method: 'POST', headers: { 'x-goog-api-key': 'AIzaSyA0000000000000000000000000000001,AIzaSyA0000000000000000000000000000002' }, signal: client.signal }),
      {},
    );
    const reading = response.text().catch(() => '');
    await new Promise((resolve) => setImmediate(resolve));
    client.abort();
    await reading;
    expect(signals.length).toBe(2);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});

describe('an upstream that drops a native stream', () => {
  let upstream: Server;
  let server: LocalServer;
  beforeAll(async () => {
    upstream = createServer((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${readFixture('google-text.json').replace(/\n/g, '')}\n\n`, () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    server = await startLocalServer({ GEMINI_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('logs one line that names the path, no key and no stack trace', async () => {
    const response = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${KEY_1}`, { method: 'POST', body: '{}' });
    await response.text().catch(() => '');
    const output = await outputMatching(server, /upstream stream dropped.*\n/);
    const drops = output.split('\n').filter((line) => line.includes('upstream stream dropped'));
    expect(drops).toHaveLength(1);
    expect(drops[0]).toContain('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain(KEY_1);
  });
});

/** The server's output once it has printed what is looked for (the server logs after the answer has ended). */
async function outputMatching(server: LocalServer, pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 5000 && !pattern.test(server.output()); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  return server.output();
}
