import { ApiError, GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { readFixtureChunks } from './support/fixtures.ts';
import { paceStreamByClient } from './support/paced-stream.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyTestKeyAlpha00000000000000000001', 'AIzaSyTestKeyBravo00000000000000000002', 'AIzaSyTestKeyCharlie0000000000000000003'];
const INVALID_KEY = 'AIzaSyTestKey-invalid-00000000000000004';
const ALL_TEST_KEYS = [...KEYS, INVALID_KEY];

const setup = useProxyAgainstFake();

function client(apiKey: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: setup.server.url } });
}

function requestsSince(start: number) {
  return setup.fake.requests.slice(start);
}

describe('native Gemini API through the local server, with @google/genai', () => {
  it('lists the models', async () => {
    const pager = await client(KEYS.join(',')).models.list();
    const names: string[] = [];
    for await (const model of pager) names.push(model.name ?? '');
    expect(names).toEqual(['models/gemini-2.5-flash', 'models/gemini-3-pro-preview', 'models/gemini-embedding-001']);
  });

  it('spreads 45 generateContent calls evenly over three comma-separated keys, one key per upstream request', async () => {
    const start = setup.fake.requests.length;
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
    const pacing = paceStreamByClient(setup.fake, chunks);
    try {
      const stream = await client(KEYS.join(',')).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'count' });
      let index = 0;
      let text = '';
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        pacing.clientReceived(index++);
      }
      expect(pacing.order).toEqual(pacing.expectedOrder);
      expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    } finally {
      pacing.stop();
    }
  });

  it('counts tokens and embeds content', async () => {
    const ai = client(KEYS.join(','));
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'one two three' });
    expect(counted.totalTokens).toBeGreaterThan(0);
    const start = setup.fake.requests.length;
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
    const output = setup.server.output();
    expect(output).toContain('POST /v1beta/models/gemini-2.5-flash:generateContent 200');
    for (const key of ALL_TEST_KEYS) expect(output).not.toContain(key);
  });
});
