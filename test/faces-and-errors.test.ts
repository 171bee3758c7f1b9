/**
 * One route table, one error model: what the proxy does not serve stays here, what it serves answers
 * errors in the shape of the client's API, whatever failed.
 */
import OpenAI from 'openai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/create-handler.ts';
import { platformUpstreamFetch } from '../src/http/fetch-upstream.ts';
import { WEB_STANDARD_SERVICES } from '../src/services.ts';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEY = 'AIzaSyFacesTest00000000000000000000001';
const setup = useProxyAgainstFake();

function post(path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) {
  return fetch(`${setup.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('nothing unknown goes upstream', () => {
  it.each([
    ['/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' }],
    ['/v1/moderations', { model: 'omni-moderation-latest', input: 'hi' }],
    ['/v1/assistants', { model: 'gpt-4o' }],
    ['/v1/fine_tuning/jobs', { model: 'gpt-4o' }],
  ])('POST %s: a local 404 in OpenAI\'s shape that says what is served, and no upstream request', async (path, body) => {
    const before = setup.fake.requests.length;
    const response = await post(path, body);
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(error).toMatchObject({ type: 'not_found_error', code: 'not_found' });
    expect(error.message).toContain(`Nothing is served at ${path}`);
    expect(error.message).toContain('/v1/chat/completions');
    expect(error.message).toContain('/v1beta/');
    expect(setup.fake.requests.length).toBe(before);
  });

  it.each(['/v1/models', '/v1/files', '/v1/cachedContents'])('GET %s with a Gemini-style key still reaches Gemini', async (path) => {
    for (const [headers, query] of [[{ 'x-goog-api-key': KEY }, ''], [{}, `?key=${KEY}`]] as const) {
      const before = setup.fake.requests.length;
      await fetch(`${setup.server.url}${path}${query}`, { headers });
      const forwarded = setup.fake.requests.slice(before);
      expect(forwarded.map((request) => request.path)).toEqual([path]);
      expect(forwarded[0]!.key).toBe(KEY);
    }
  });

  it('a WebSocket upgrade (the Live API) gets 501 that says so, on the Node server', async () => {
    const { port } = new URL(setup.server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'GET /ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 501 /);
    expect(answer).toContain('Live API');
  });

  it('a WebSocket upgrade gets 501 from the core too, on every platform', async () => {
    const response = await createHandler(WEB_STANDARD_SERVICES)(new Request('https://proxy.example/ws/anything', { headers: { upgrade: 'websocket', connection: 'Upgrade' } }));
    expect(response.status).toBe(501);
    expect(((await response.json()) as { error: { message: string; status: string } }).error).toMatchObject({ status: 'UNIMPLEMENTED', message: expect.stringContaining('Live API') });
  });
});

describe('errors on OpenAI routes are OpenAI-shaped, whatever failed', () => {
  const openai = () => new OpenAI({ apiKey: KEY, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });

  it('a malformed GEMINI_BASE_URL: 500 in OpenAI\'s shape, saying what to set', async () => {
    const handle = createHandler({ ...WEB_STANDARD_SERVICES, upstreamFetch: platformUpstreamFetch });
    const request = new Request('https://proxy.example/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const response = await handle(request, { GEMINI_BASE_URL: 'ftp://x' });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string; type: string; code: string; param: null } };
    expect(body.error).toEqual({ message: expect.stringContaining('GEMINI_BASE_URL must start with https://'), type: 'api_error', code: 'invalid_configuration', param: null });
  });

  it('malformed parts in a non-streamed answer: 500 in OpenAI\'s shape, no stack trace', async () => {
    setup.fake.generateResponse = () => ({ candidates: [{ content: { role: 'model', parts: 5 }, finishReason: 'STOP' }] }) as JsonBody;
    try {
      const error = await openai()
        .chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      const apiError = error as InstanceType<typeof OpenAI.InternalServerError>;
      expect(apiError.error).toMatchObject({ type: 'api_error', code: 'internal_error' });
      expect(JSON.stringify(apiError.error)).not.toMatch(/\bat \w+ \(|\.ts:\d+/);
    } finally {
      setup.fake.generateResponse = () => JSON.parse(readFixture('google-text.json')) as JsonBody;
    }
  });

  it('a malformed event on a healthy stream ends it with invalid_upstream_event, not a broken connection', async () => {
    setup.fake.streamChunks = [
      '{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]}}]}',
      '{"candidates":[{"content":{"role":"model","parts":5}}]}',
      '{"candidates":[{"content":{"role":"model","parts":[{"text":" world"}]},"finishReason":"STOP"}]}',
    ];
    const response = await post('/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(response.status).toBe(200);
    setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
    const events = (await response.text()).split('\n\n').filter(Boolean).map((event) => JSON.parse(event.slice('data: '.length)) as JsonBody);
    const last = events.at(-1) as { error?: { code: string; type: string } };
    expect(last.error).toMatchObject({ code: 'invalid_upstream_event', type: 'api_error' });
    expect(JSON.stringify(events)).toContain('Hello');
  });
});

describe('an upstream that is not there', () => {
  let closed: Server;
  let deadUrl: string;
  beforeAll(async () => {
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  it('is a 502 in OpenAI\'s shape on an OpenAI route and in Gemini\'s on a native one', async () => {
    const handle = createHandler(WEB_STANDARD_SERVICES);
    const env = { GEMINI_BASE_URL: deadUrl };
    const chat = await handle(
      new Request('https://proxy.example/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}' }),
      env,
    );
    expect(chat.status).toBe(502);
    expect(((await chat.json()) as { error: unknown }).error).toMatchObject({ type: 'api_error', code: 'upstream_unreachable' });
    const native = await handle(new Request('https://proxy.example/v1beta/models', { headers: { 'x-goog-api-key': KEY } }), env);
    expect(native.status).toBe(502);
    expect(((await native.json()) as { error: unknown }).error).toMatchObject({ code: 502, status: 'UNAVAILABLE' });
  });
});
