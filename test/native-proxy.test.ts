import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from './support/fake-gemini.ts';
import { startLocalServer, type LocalServer } from './support/local-server.ts';
import { readFixtureChunks } from './support/fixtures.ts';

const KEYS = ['AIzaSyTestKeyAlpha00000000000000000001', 'AIzaSyTestKeyBravo00000000000000000002', 'AIzaSyTestKeyCharlie0000000000000000003'];
const INVALID_KEY = 'AIzaSyTestKey-invalid-00000000000000004';
const ALL_TEST_KEYS = [...KEYS, INVALID_KEY];

let fake: FakeGemini;
let server: LocalServer;

beforeAll(async () => {
  fake = await startFakeGemini();
  server = await startLocalServer({ GEMINI_BASE_URL: fake.url });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

function client(apiKey: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: server.url } });
}

function requestsSince(start: number) {
  return fake.requests.slice(start);
}

describe('native Gemini API through the local server, with @google/genai', () => {
  it('lists the models', async () => {
    const pager = await client(KEYS.join(',')).models.list();
    const names: string[] = [];
    for await (const model of pager) names.push(model.name ?? '');
    expect(names).toEqual(['models/gemini-2.5-flash', 'models/gemini-3-pro-preview', 'models/gemini-embedding-001']);
  });

  it('spreads 45 generateContent calls evenly over three comma-separated keys, one key per upstream request', async () => {
    const start = fake.requests.length;
    const ai = client(KEYS.join(','));
    for (let i = 0; i < 45; i++) {
      const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: `question ${i}` });
      expect(response.text).toContain('strawberry');
    }
    const seen = requestsSince(start);
    expect(seen).toHaveLength(45);
    const perKey = new Map<string, number>();
    for (const request of seen) {
      expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
      expect(KEYS).toContain(request.headers['x-goog-api-key']);
      perKey.set(request.key ?? '', (perKey.get(request.key ?? '') ?? 0) + 1);
    }
    expect([...perKey.values()]).toEqual([15, 15, 15]);
  });

  it('relays each stream event to the client before the upstream sends the next', async () => {
    const chunks = readFixtureChunks('google-text.chunks.txt');
    const order: string[] = [];
    const received = chunks.map(() => deferred());
    fake.streamChunks = chunks;
    fake.onStreamEventSent = (index) => order.push(`sent ${index}`);
    // The upstream holds event n until the client has event n-1; the fallback only breaks a deadlock
    // (a buffering proxy) so that the order below shows the failure instead of a time-out.
    fake.streamGate = (index) => Promise.race([received[index - 1]!.promise, fallbackAfter(3000)]);
    try {
      const stream = await client(KEYS.join(',')).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'count' });
      let index = 0;
      let text = '';
      for await (const chunk of stream) {
        order.push(`received ${index}`);
        text += chunk.text ?? '';
        received[index++]!.resolve();
      }
      expect(order).toEqual(chunks.flatMap((_, i) => [`sent ${i}`, `received ${i}`]));
      expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    } finally {
      fake.streamGate = undefined;
      fake.onStreamEventSent = undefined;
    }
  });

  it('counts tokens and embeds content', async () => {
    const ai = client(KEYS.join(','));
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'one two three' });
    expect(counted.totalTokens).toBeGreaterThan(0);
    const start = fake.requests.length;
    const embedded = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'hello', config: { outputDimensionality: 4 } });
    expect(embedded.embeddings?.[0]?.values).toHaveLength(4);
    expect(requestsSince(start).map((request) => request.path)[0]).toMatch(/^\/v1beta\/models\/gemini-embedding-001:(batchEmbedContents|embedContent)$/);
  });

  it("keeps an invalid key's 400 and Gemini's message", async () => {
    const call = client(INVALID_KEY).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await call.catch((error: ApiError) => {
      expect(error.status).toBe(400);
      expect(error.message).toContain('API key not valid. Please pass a valid API key.');
    });
  });

  it('prints no whole key during the run', () => {
    const output = server.output();
    expect(output).toContain('POST /v1beta/models/gemini-2.5-flash:generateContent 200');
    for (const key of ALL_TEST_KEYS) expect(output).not.toContain(key);
  });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function fallbackAfter(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
