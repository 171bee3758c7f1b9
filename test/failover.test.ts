/**
 * Failover and cooldown through the local server: one key of five works, the others are out of
 * quota, invalid, overloaded and unreachable; clients must not notice.
 */
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from './support/fake-gemini.ts';
import { readFixtureChunks } from './support/fixtures.ts';
import { startLocalServer, type LocalServer } from './support/local-server.ts';

const QUOTA = 'AIzaSyFailover-quota-0000000000000000001';
const INVALID = 'AIzaSyFailover-invalid-00000000000000002';
const OVERLOADED = 'AIzaSyFailover-overloaded-0000000000003';
const UNREACHABLE = 'AIzaSyFailover-unreachable-000000000004';
const GOOD = 'AIzaSyFailoverGood000000000000000000005';
const MIXED = [QUOTA, INVALID, OVERLOADED, UNREACHABLE, GOOD].join(',');

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
  fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
});
afterAll(async () => {
  await fake?.close();
});

async function withServer(run: (server: LocalServer) => Promise<void>): Promise<void> {
  const server = await startLocalServer({ GEMINI_BASE_URL: fake.url });
  try {
    await run(server);
    for (const key of [QUOTA, INVALID, OVERLOADED, UNREACHABLE, GOOD]) expect(server.output()).not.toContain(key);
  } finally {
    await server.stop();
  }
}

describe('failover over a list with one working key', () => {
  it('every native and OpenAI request succeeds, streamed ones too', async () => {
    await withServer(async (server) => {
      const genai = new GoogleGenAI({ apiKey: MIXED, httpOptions: { baseUrl: server.url } });
      const openai = new OpenAI({ apiKey: MIXED, baseURL: `${server.url}/v1`, maxRetries: 0 });
      for (let round = 0; round < 5; round++) {
        expect((await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).text).toContain('strawberry');
        let streamed = '';
        for await (const chunk of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) streamed += chunk.text ?? '';
        expect(streamed).toContain('strawberry');
        const completion = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
        expect(completion.choices[0]!.message.content).toContain('strawberry');
        let openaiStreamed = '';
        for await (const chunk of await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
          openaiStreamed += chunk.choices[0]?.delta.content ?? '';
        }
        expect(openaiStreamed).toContain('strawberry');
        const embeddings = await openai.embeddings.create({ model: 'gemini-embedding-001', input: 'hi' });
        expect(embeddings.data).toHaveLength(1);
      }
    });
  });

  it('puts a failed key at the back of the line, so that it is not tried again while it cools down', async () => {
    await withServer(async (server) => {
      const genai = new GoogleGenAI({ apiKey: MIXED, httpOptions: { baseUrl: server.url } });
      const start = fake.requests.length;
      for (let i = 0; i < 12; i++) await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      const triesPerKey = new Map<string, number>();
      for (const { key } of fake.requests.slice(start)) triesPerKey.set(key ?? '', (triesPerKey.get(key ?? '') ?? 0) + 1);
      // Taking turns without memory would try each failing key two or three times in twelve requests.
      expect(triesPerKey.get(GOOD)).toBe(12);
      for (const failing of [QUOTA, INVALID, OVERLOADED]) expect(triesPerKey.get(failing) ?? 0).toBeLessThanOrEqual(1);
    });
  });

  it("answers with Gemini's 429 and message when every key is out of quota", async () => {
    await withServer(async (server) => {
      const keys = ['AIzaSyAllQuota-quota-00000000000000000a1', 'AIzaSyAllQuota-quota-00000000000000000a2'].join(',');
      const native = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': keys, 'content-type': 'application/json' },
        body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
      });
      expect(native.status).toBe(429);
      expect(((await native.json()) as { error: { message: string } }).error.message).toBe('You exceeded your current quota, please check your plan.');

      const openai = new OpenAI({ apiKey: keys, baseURL: `${server.url}/v1`, maxRetries: 0 });
      const call = openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
      await expect(call).rejects.toBeInstanceOf(OpenAI.RateLimitError);
      await expect(call).rejects.toMatchObject({ status: 429, message: expect.stringContaining('You exceeded your current quota') });
    });
  });

  it('does not try other keys for a request that is bad whatever the key', async () => {
    await withServer(async (server) => {
      const start = fake.requests.length;
      const response = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': `${GOOD},AIzaSyFailoverGood000000000000000000006`, 'content-type': 'application/json' },
        body: '{"contents": oops',
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('Invalid JSON payload');
      expect(fake.requests.length - start).toBe(1);
    });
  });
});
