import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../create-handler.ts';
import type { UpstreamFetch } from '../../http/fetch-upstream.ts';
import { maskKey } from '../../keys/mask-key.ts';
import { signatureFromToolCallId } from './tool-call-signature.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);
const recorded = (name: string) => readFileSync(new URL(name, RECORDINGS), 'utf8');
const ENV = { GEMINI_BASE_URL: 'https://gemini.test' };

interface UpstreamCall {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

const KEY_ONE = 'AIzaSyOpenAIFace000000000000000000000001';
const KEY_TWO = 'AIzaSyOpenAIFace000000000000000000000002';

/** The upstream of the proxy under test: each test sets it with `fakeGemini`. */
let upstream: UpstreamFetch = () => Promise.reject(new Error('no upstream set'));
const handle = createHandler({ upstreamFetch: (url, request) => upstream(url, request), downloadFetch: () => Promise.reject(new Error('no download expected')) });

/** A fake Gemini API: records what reaches it and answers with `answer`. */
function fakeGemini(answer: (call: UpstreamCall) => Response | Promise<Response>) {
  const calls: UpstreamCall[] = [];
  upstream = async (url, { method, headers, body }) => {
    const text = typeof body === 'string' ? body : undefined;
    const call = { url: new URL(url), method, headers: new Headers(headers), body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    return answer(call);
  };
  return calls;
}

/** The request, answered by the proxy, and the key its log line names (masked). */
async function send(path: string, init: RequestInit = {}): Promise<{ response: Response; loggedKey: string | undefined }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const response = await handle(new Request(`http://proxy.test${path}`, init), ENV);
    const line = String(log.mock.calls.at(-1)?.[0] ?? '');
    return { response, loggedKey: / key=(\S+)$/.exec(line)?.[1] };
  } finally {
    log.mockRestore();
  }
}

function chat(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY_ONE},${KEY_TWO}` }): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

const HELLO = { model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: 'Weather in SF?' }] };


describe('POST /v1/chat/completions', () => {
  it('without a key: 401 in OpenAI\'s shape, nothing sent upstream', async () => {
    const calls = fakeGemini(() => new Response('{}'));
    const { response } = await send('/v1/chat/completions', chat(HELLO, {}));
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key', message: expect.stringContaining('No API key') });
    expect(calls).toHaveLength(0);
  });

  it('sends one key of the Bearer list in x-goog-api-key to generateContent and answers a chat.completion', async () => {
    const calls = fakeGemini(() => new Response(recorded('google-tool-call-gemini3.json'), { headers: { 'content-type': 'application/json' } }));
    const { response, loggedKey } = await send('/v1/chat/completions', chat(HELLO));
    expect(response.status).toBe(200);

    const call = calls[0] as UpstreamCall;
    expect(call.method).toBe('POST');
    expect(call.url.href).toBe('https://gemini.test/v1beta/models/gemini-3-pro-preview:generateContent');
    expect([KEY_ONE, KEY_TWO]).toContain(call.headers.get('x-goog-api-key'));
    expect(call.headers.get('authorization')).toBeNull();
    expect(loggedKey).toBe(maskKey(call.headers.get('x-goog-api-key')!));
    expect(call.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Weather in SF?' }] }] });

    const completion = await response.json();
    expect(completion).toMatchObject({ object: 'chat.completion', choices: [{ finish_reason: 'tool_calls', message: { role: 'assistant', content: null } }] });
    const toolCall = completion.choices[0].message.tool_calls[0];
    expect(toolCall.function).toEqual({ name: 'weather', arguments: '{"location":"San Francisco"}' });
    expect(signatureFromToolCallId(toolCall.id)).toBe(toolCall.extra_content.google.thought_signature);
  });

  it('spreads requests over the keys of the list', async () => {
    const calls = fakeGemini(() => new Response(recorded('google-text.json')));
    for (let i = 0; i < 4; i++) await send('/chat/completions', chat(HELLO));
    expect(new Set(calls.map((call) => call.headers.get('x-goog-api-key')))).toEqual(new Set([KEY_ONE, KEY_TWO]));
  });

  it('stream: asks for ?alt=sse and streams OpenAI chunks, usage and [DONE]', async () => {
    const sse = recorded('google-text.chunks.txt').split('\n').filter(Boolean).map((line) => `data: ${line}\r\n\r\n`).join('');
    const calls = fakeGemini(() => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }));
    const { response } = await send('/v1/chat/completions', chat({ ...HELLO, stream: true, stream_options: { include_usage: true } }));
    expect(calls[0]?.url.href).toBe('https://gemini.test/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text()).split('\n\n').filter(Boolean).map((event) => event.slice('data: '.length));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: 9, total_tokens: 217 });
  });

  it('a Gemini error keeps its status, in OpenAI\'s shape', async () => {
    fakeGemini(() => new Response(recorded('error-gemini-2.5-flash.json'), { status: 400 }));
    const { response } = await send('/v1/chat/completions', chat({ ...HELLO, model: 'gemini-2.5-flash', presence_penalty: 1 }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'Penalty is not enabled for models/gemini-2.5-flash', type: 'invalid_request_error', code: 'invalid_argument', param: null },
    });
  });

  it.each([
    ['invalid JSON', '{"model":', 'not valid JSON'],
    ['messages not a list', { model: 'gemini-2.5-flash', messages: 'hi' }, 'messages must be a non-empty list'],
  ])('%s: 400 before anything goes upstream', async (_name, body, message) => {
    const calls = fakeGemini(() => new Response('{}'));
    const { response } = await send('/v1/chat/completions', chat(body));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining(message) });
    expect(calls).toHaveLength(0);
  });

  it('an unreachable upstream is a 502 in OpenAI\'s shape', async () => {
    upstream = async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND gemini.test') });
    };
    const { response } = await send('/v1/chat/completions', chat(HELLO));
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ type: 'api_error', message: expect.stringContaining('ENOTFOUND') });
  });

  it('GET on a chat path: 405 in OpenAI\'s shape', async () => {
    const { response } = await send('/v1/chat/completions', { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await response.json()).error.type).toBe('invalid_request_error');
  });
});

describe('POST /v1/embeddings', () => {
  it('batchEmbedContents, answered in base64 float32 as the openai SDK asks by default', async () => {
    const calls = fakeGemini(() => Response.json({ embeddings: [{ values: [0.5, -2] }] }));
    const { response } = await send('/v1/embeddings', chat({ model: 'text-embedding-3-small', input: 'hello', encoding_format: 'base64' }));
    expect(calls[0]?.url.href).toBe('https://gemini.test/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(calls[0]?.body).toEqual({ requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] } }] });
    const list = await response.json();
    const bytes = Buffer.from(list.data[0].embedding, 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 2))).toEqual([0.5, -2]);
  });

  it('an error of any batch is the answer', async () => {
    fakeGemini(() => new Response(recorded('google-429-retry-info.json'), { status: 429 }));
    const { response } = await send('/embeddings', chat({ model: 'gemini-embedding-001', input: ['a', 'b'] }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('35');
  });
});

describe('POST /v1/embeddings with many inputs', () => {
  it('sends 100 inputs a batch, at most four batches at a time, and keeps the order', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const calls = fakeGemini(async (call) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      const requests = (call.body as { requests: Array<{ content: { parts: Array<{ text: string }> } }> }).requests;
      return Response.json({ embeddings: requests.map((request) => ({ values: [Number(request.content.parts[0]!.text)] })) });
    });
    const input = Array.from({ length: 950 }, (_, index) => String(index));
    const { response } = await send('/v1/embeddings', chat({ model: 'gemini-embedding-001', input, encoding_format: 'float' }));
    const list = (await response.json()) as { data: Array<{ index: number; embedding: number[] }> };
    expect(calls).toHaveLength(10);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(list.data.map((item) => item.embedding[0])).toEqual(input.map(Number));
  });

  it('refuses more than 2048 inputs before anything goes upstream', async () => {
    const calls = fakeGemini(() => new Response('{}'));
    const { response } = await send('/v1/embeddings', chat({ model: 'gemini-embedding-001', input: Array.from({ length: 2049 }, () => 'x') }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('at most 2048');
    expect(calls).toHaveLength(0);
  });
});

describe('GET /v1/models', () => {
  it('with a Bearer key: Gemini\'s list in OpenAI\'s shape', async () => {
    const calls = fakeGemini(() => Response.json({ models: [{ name: 'models/gemini-2.5-flash' }, { name: 'models/gemma-3-27b-it' }] }));
    const { response } = await send('/v1/models', { headers: { authorization: 'Bearer key-one' } });
    expect(calls[0]?.url.href).toBe('https://gemini.test/v1beta/models?pageSize=1000');
    expect(await response.json()).toEqual({
      object: 'list',
      data: [
        { id: 'gemini-2.5-flash', object: 'model', created: 0, owned_by: 'google' },
        { id: 'gemma-3-27b-it', object: 'model', created: 0, owned_by: 'google' },
      ],
    });
  });

  it('follows nextPageToken', async () => {
    const calls = fakeGemini((call) =>
      Response.json(call.url.searchParams.has('pageToken') ? { models: [{ name: 'models/b' }] } : { models: [{ name: 'models/a' }], nextPageToken: 'p 2' }),
    );
    const { response } = await send('/models', { headers: { authorization: 'Bearer key-one' } });
    expect(calls[1]?.url.searchParams.get('pageToken')).toBe('p 2');
    expect((await response.json()).data.map((model: { id: string }) => model.id)).toEqual(['a', 'b']);
  });

  it('with x-goog-api-key it stays Gemini\'s native list, passed through unchanged', async () => {
    const native = { models: [{ name: 'models/gemini-2.5-flash' }] };
    const calls = fakeGemini(() => Response.json(native));
    const { response } = await send('/v1/models', { headers: { 'x-goog-api-key': 'key-one' } });
    expect(calls[0]?.url.pathname).toBe('/v1/models');
    expect(await response.json()).toEqual(native);
  });
});
