/**
 * Long non-streamed answers on the platforms that end a request whose answer has not begun in time
 * (Vercel Edge 25 s, Netlify 40 s), run in each platform's local runtime with that limit shortened to
 * one second: a non-streamed answer that takes longer still arrives, identical field for field to the
 * same fake's non-streamed answer, and each SDK parses it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini, type JsonBody } from '../support/fake-gemini.ts';
import { readFixture } from '../support/fixtures.ts';
import { startNpmScript, type LocalServer } from '../support/local-server.ts';
import { splitIntoEvents } from '../support/split-answer.ts';

const KEY = 'AIzaSyLongAnswer000000000000000000000001';
const LIMIT_MS = 1000;
const WHOLE = JSON.parse(readFixture('google-reasoning.json')) as JsonBody;
const EVENTS = splitIntoEvents(WHOLE);
/** Paced so that the whole answer takes about twice the shortened limit. */
const EVENT_DELAY_MS = Math.ceil((2 * LIMIT_MS) / (EVENTS.length - 1));

for (const [script, banner] of [
  ['start:vercel', /Vercel Edge runtime listening on/],
  ['start:netlify', /Netlify edge function listening on/],
] as const) {
  describe(`a long non-streamed answer on npm run ${script}`, () => {
    let fake: FakeGemini;
    let server: LocalServer;

    beforeAll(async () => {
      fake = await startFakeGemini();
      fake.generateResponse = () => WHOLE;
      fake.streamChunks = EVENTS;
      fake.streamDelayMs = EVENT_DELAY_MS;
      server = await startNpmScript(script, { GEMINI_BASE_URL: fake.url, PLATFORM_FIRST_BYTE_LIMIT_MS: String(LIMIT_MS), KEEP_ALIVE_AFTER_MS: '200' });
      expect(server.output()).toMatch(banner);
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      await fake?.close();
    });

    it('the local run cuts an answer that begins too late, as the platform does', async () => {
      fake.methodDelayMs = { countTokens: 2 * LIMIT_MS };
      try {
        const response = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:countTokens?key=${KEY}`, { method: 'POST', body: '{"contents":[{"parts":[{"text":"hi"}]}]}' });
        expect(response.status).toBe(504);
      } finally {
        fake.methodDelayMs = {};
      }
    });

    it('@google/genai: generateContent arrives whole, field for field the non-streamed answer', async () => {
      const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: server.url } });
      const started = Date.now();
      const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' });
      expect(Date.now() - started).toBeGreaterThan(LIMIT_MS);
      const direct = (await (await fetch(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: '{}' })).json()) as JsonBody;
      expect(JSON.parse(JSON.stringify({ candidates: response.candidates, usageMetadata: response.usageMetadata, modelVersion: response.modelVersion, responseId: response.responseId }))).toEqual(direct);
      expect(fake.requests.at(-2)!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    });

    it('@anthropic-ai/sdk: a non-streamed message arrives whole', async () => {
      const anthropic = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
      const started = Date.now();
      const message = await anthropic.messages.create({ model: 'gemini-2.5-flash', max_tokens: 1000, messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
      expect(Date.now() - started).toBeGreaterThan(LIMIT_MS);
      const parts = ((WHOLE.candidates as JsonBody[])[0]!.content as { parts: Array<{ text?: string; thought?: boolean }> }).parts;
      const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      expect(text).toBe(parts.filter((part) => !part.thought).map((part) => part.text).join(''));
      expect(message.stop_reason).toBe('end_turn');
    });

    it('openai: a non-streamed chat completion arrives whole', async () => {
      const openai = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
      const completion = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
      const parts = ((WHOLE.candidates as JsonBody[])[0]!.content as { parts: Array<{ text?: string; thought?: boolean }> }).parts;
      expect(completion.choices[0]!.message.content).toBe(parts.filter((part) => !part.thought).map((part) => part.text).join(''));
      expect(completion.usage?.total_tokens).toBe((WHOLE.usageMetadata as { totalTokenCount: number }).totalTokenCount);
    });
  });
}
