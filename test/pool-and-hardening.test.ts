/**
 * Safe to leave on the internet: the server-side key pool behind access tokens, malformed requests
 * answered with a 4xx that says what is wrong, image URLs that point inside refused, bodies bounded,
 * and many streams at once.
 */
import { GoogleGenAI } from '@google/genai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from './support/fake-gemini.ts';
import { readFixtureChunks } from './support/fixtures.ts';
import { startLocalServer, type LocalServer } from './support/local-server.ts';

const POOL = ['AIzaSyPoolKey0000000000000000000000001', 'AIzaSyPoolKey0000000000000000000000002'];
const TOKEN = 'team-token-0f9e8d7c6b5a';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake?.close();
});

describe('server-side key pool behind access tokens', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({ GEMINI_BASE_URL: fake.url, GEMINI_API_KEYS: POOL.join(','), ACCESS_TOKENS: `other-token,${TOKEN}` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves @google/genai holding only a token, with the pool keys upstream', async () => {
    const start = fake.requests.length;
    const ai = new GoogleGenAI({ apiKey: TOKEN, httpOptions: { baseUrl: server.url } });
    for (let i = 0; i < 4; i++) expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).text).toContain('strawberry');
    const keys = fake.requests.slice(start).map((request) => request.headers['x-goog-api-key']);
    expect(new Set(keys)).toEqual(new Set(POOL));
  });

  it('serves a token sent as Bearer on a native path, with the pool key upstream in x-goog-api-key', async () => {
    const response = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
    });
    expect(response.status).toBe(200);
    expect(POOL).toContain(fake.requests.at(-1)!.headers['x-goog-api-key']);
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('serves the openai SDK holding only a token', async () => {
    const openai = new OpenAI({ apiKey: TOKEN, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toContain('strawberry');
    expect(POOL).toContain(fake.requests.at(-1)!.key);
  });

  it.each([
    ['a wrong token', { 'x-goog-api-key': 'not-the-token' }],
    ['a real Gemini key instead of a token', { 'x-goog-api-key': 'AIzaSyClientOwnKey00000000000000000009' }],
    ['no token at all', {}],
  ])('refuses %s with 401, without touching the upstream', async (_, headers) => {
    const start = fake.requests.length;
    const native = await fetch(`${server.url}/v1beta/models`, { headers });
    expect(native.status).toBe(401);
    expect(((await native.json()) as { error: { message: string } }).error.message).toMatch(/access token/);
    const openai = new OpenAI({ apiKey: 'not-the-token', baseURL: `${server.url}/v1`, maxRetries: 0 });
    await expect(openai.models.list()).rejects.toMatchObject({ status: 401 });
    expect(fake.requests.length).toBe(start);
  });

  it('never lets a pool key reach a client or the logs', async () => {
    const verify = await fetch(`${server.url}/verify`, { method: 'POST', headers: { 'x-goog-api-key': TOKEN, accept: 'application/json' } });
    const body = await verify.text();
    expect(JSON.parse(body)).toEqual({ results: [expect.objectContaining({ key: 'AIzaSy…0001', status: 'GOOD' }), expect.objectContaining({ key: 'AIzaSy…0002', status: 'GOOD' })] });
    for (const key of [...POOL, TOKEN]) {
      expect(body).not.toContain(key);
      expect(server.output()).not.toContain(key);
    }
  });

  it("masks a pool key that Gemini's error names, on native and OpenAI routes", async () => {
    const suspended = 'AIzaSyPool-suspended-000000000000000007';
    const pool = await startLocalServer({ GEMINI_BASE_URL: fake.url, GEMINI_API_KEYS: suspended, ACCESS_TOKENS: TOKEN });
    try {
      const native = await fetch(`${pool.url}/v1beta/models`, { headers: { 'x-goog-api-key': TOKEN } });
      expect(native.status).toBe(403);
      const nativeBody = await native.text();
      expect(nativeBody).toContain("Consumer 'api_key:AIzaSy…0007' has been suspended");
      const openai = new OpenAI({ apiKey: TOKEN, baseURL: `${pool.url}/v1`, maxRetries: 0 });
      const call = openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
      await expect(call).rejects.toMatchObject({ status: 403, message: expect.stringContaining('AIzaSy…0007') });
      await call.catch((error: Error) => expect(JSON.stringify(error)).not.toContain(suspended));
      expect(nativeBody).not.toContain(suspended);
      expect(pool.output()).not.toContain(suspended);
    } finally {
      await pool.stop();
    }
  });

  it('keeps the pool closed when GEMINI_API_KEYS is set without ACCESS_TOKENS, and says what to set', async () => {
    const misconfigured = await startLocalServer({ GEMINI_BASE_URL: fake.url, GEMINI_API_KEYS: POOL.join(',') });
    try {
      const start = fake.requests.length;
      const response = await fetch(`${misconfigured.url}/v1beta/models`, { headers: { 'x-goog-api-key': 'anything' } });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('Set ACCESS_TOKENS');
      expect(fake.requests.length).toBe(start);
    } finally {
      await misconfigured.stop();
    }
  });
});

describe('bad input', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({ GEMINI_BASE_URL: fake.url, MAX_REQUEST_BODY_MB: '1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const KEY = 'AIzaSyHardening00000000000000000000001';
  const json = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const chat = (body: BodyInit, headers: Record<string, string> = json) => ({ path: '/v1/chat/completions', init: { method: 'POST', headers, body } });

  const cases: Array<[string, { path: string; init?: RequestInit }, number]> = [
    ['invalid JSON', chat('{"model": "gemini-2.5-flash", '), 400],
    ['a body that is not an object', chat('[1,2,3]'), 400],
    ['binary bytes', chat(new Uint8Array([0, 159, 146, 150, 255, 0, 1])), 400],
    ['an empty body', chat(''), 400],
    ['messages of the wrong type', chat('{"model":"gemini-2.5-flash","messages":{"role":"user"}}'), 400],
    ['an empty message list', chat('{"model":"gemini-2.5-flash","messages":[]}'), 400],
    ['a message that is not an object', chat('{"model":"gemini-2.5-flash","messages":[42]}'), 400],
    ['an unknown role', chat('{"model":"gemini-2.5-flash","messages":[{"role":"robot","content":"hi"}]}'), 400],
    ['an unknown content part', chat('{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"hologram"}]}]}'), 400],
    ['bad image data', chat('{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%%%"}}]}]}'), 400],
    ['a temperature that is a word', chat('{"model":"gemini-2.5-flash","temperature":"hot","messages":[{"role":"user","content":"hi"}]}'), 400],
    ['tools that are not a list', chat('{"model":"gemini-2.5-flash","tools":"weather","messages":[{"role":"user","content":"hi"}]}'), 400],
    ['a key list written with a character no key has', { path: '/v1/chat/completions?key=k1%E2%80%94k2', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}' } }, 400],
    ['embeddings without input', { path: '/v1/embeddings', init: { method: 'POST', headers: json, body: '{"model":"gemini-embedding-001"}' } }, 400],
    ['a body over MAX_REQUEST_BODY_MB', chat(`{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"${'x'.repeat(1_100_000)}"}]}`), 413],
    ['a native body over MAX_REQUEST_BODY_MB', { path: '/v1beta/models/gemini-2.5-flash:generateContent', init: { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: 'x'.repeat(1_100_000) } }, 413],
    ['an unknown path', { path: '/v2/everything' }, 404],
    ['bad percent-encoding in an unknown path', { path: '/%E0%A4%A/%zz' }, 404],
    ['a wrong method on chat', { path: '/v1/chat/completions', init: { method: 'GET', headers: json } }, 405],
    ['a wrong method on /verify', { path: '/verify', init: { method: 'GET' } }, 405],
    ['a wrong method on the page', { path: '/', init: { method: 'DELETE' } }, 405],
  ];

  it.each(cases)('answers %s with a 4xx that says what is wrong, without a stack trace', async (_, request, status) => {
    const start = fake.requests.length;
    const response = await fetch(`${server.url}${request.path}`, request.init);
    expect(response.status).toBe(status);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { message: string } };
    expect(body.error.message.length).toBeGreaterThan(15);
    expect(text).not.toMatch(/\n\s+at |\.ts:\d+/);
    expect(fake.requests.length).toBe(start);
  });

  it('passes bad percent-encoding in a Gemini path to Gemini unchanged, for Gemini to judge', async () => {
    const response = await fetch(`${server.url}/v1beta/models/%E0%A4%A:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: '{}' });
    expect(response.status).toBe(200);
    expect(fake.requests.at(-1)!.path).toBe('/v1beta/models/%E0%A4%A:generateContent');
  });

  it('is still up and answering after all of it', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(server.output()).not.toMatch(/unexpected error/);
  });
});

describe('image URLs the proxy would fetch', () => {
  let server: LocalServer;
  let internal: Server;
  let internalHits = 0;
  beforeAll(async () => {
    server = await startLocalServer({ GEMINI_BASE_URL: fake.url });
    internal = createServer((_, res) => {
      internalHits++;
      res.writeHead(200, { 'content-type': 'image/png' }).end('secret');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => internal?.close(resolve));
  });

  it.each(['http://127.0.0.1:PORT/cat.png', 'http://localhost:PORT/cat.png', 'http://[::1]:PORT/cat.png', 'http://2130706433:PORT/cat.png', 'http://[::ffff:127.0.0.1]:PORT/cat.png', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.8/cat.png', 'http://metadata.google.internal/', 'http://localhost.:PORT/cat.png', 'http://[::7f00:1]:PORT/cat.png', 'file:///etc/passwd'])(
    'refuses %s and never fetches it',
    async (template) => {
      const url = template.replace('PORT', String((internal.address() as AddressInfo).port));
      const openai = new OpenAI({ apiKey: 'AIzaSyImageKey000000000000000000000001', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const start = fake.requests.length;
      const call = openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
      await expect(call).rejects.toMatchObject({ status: 400 });
      expect(internalHits).toBe(0);
      expect(fake.requests.length).toBe(start);
    },
  );
});

describe('load', () => {
  it('completes 200 concurrent streaming requests through the local server', async () => {
    const server = await startLocalServer({ GEMINI_BASE_URL: fake.url });
    fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
    try {
      const ai = new GoogleGenAI({ apiKey: 'AIzaSyLoadKey00000000000000000000001,AIzaSyLoadKey00000000000000000000002', httpOptions: { baseUrl: server.url } });
      const texts = await Promise.all(
        Array.from({ length: 200 }, async () => {
          let text = '';
          for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) text += chunk.text ?? '';
          return text;
        }),
      );
      expect(texts.filter((text) => text === 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y')).toHaveLength(200);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
