/**
 * One end-to-end suite, run against every way the proxy is served: `npm start` and each platform's
 * entry in that platform's own runtime. Each runtime is started once for the whole suite.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createPartFromUri, createUserContent, GoogleGenAI } from '@google/genai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PNG_BASE64, FAKE_SPEECH_PCM, startFakeGemini, type FakeGemini, type JsonBody } from '../support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from '../support/fixtures.ts';
import type { LocalServer } from '../support/local-server.ts';
import { paceStreamByClient } from '../support/paced-stream.ts';
import { splitIntoEvents } from '../support/split-answer.ts';

const KEYS = ['AIzaSyEndToEnd000000000000000000000001', 'AIzaSyEndToEnd000000000000000000000002', 'AIzaSyEndToEnd000000000000000000000003'];
const INVALID_KEY = 'AIzaSyEndToEnd-invalid-00000000000000004';
const REDIRECTED_KEY = 'AIzaSyEndToEnd-redirect-0000000000000005';

/** `banner` is what only that runtime prints when it starts: proof that the suite ran where it says. */
export function defineEndToEndSuite(name: string, banner: RegExp, start: (env: Record<string, string>) => Promise<LocalServer>): void {
  describe(`end to end: ${name}`, () => {
    let fake: FakeGemini;
    let server: LocalServer;

    beforeAll(async () => {
      fake = await startFakeGemini();
      server = await start({ GEMINI_BASE_URL: fake.url });
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      await fake?.close();
    });

    const genai = () => new GoogleGenAI({ apiKey: KEYS.join(','), httpOptions: { baseUrl: server.url } });
    const openai = () => new OpenAI({ apiKey: KEYS.join(','), baseURL: `${server.url}/v1`, maxRetries: 0 });

    it('native: generateContent spreads one key per upstream request over the list', async () => {
      const start = fake.requests.length;
      for (let i = 0; i < 6; i++) {
        const response = await genai().models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
        expect(response.text).toContain('strawberry');
      }
      const keys = fake.requests.slice(start).map((request) => request.headers['x-goog-api-key']);
      expect(keys).toHaveLength(6);
      expect(new Set(keys)).toEqual(new Set(KEYS));
    });

    it('native: lists the models', async () => {
      const names: string[] = [];
      for await (const model of await genai().models.list()) names.push(model.name ?? '');
      expect(names).toContain('models/gemini-2.5-flash');
    });

    it('native: each stream event reaches the client before the upstream sends the next', async () => {
      const pacing = paceStreamByClient(fake, readFixtureChunks('google-text.chunks.txt'));
      try {
        let index = 0;
        for await (const chunk of await genai().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'count' })) {
          expect(chunk.candidates).toBeDefined();
          pacing.clientReceived(index++);
        }
        expect(pacing.order).toEqual(pacing.expectedOrder);
      } finally {
        pacing.stop();
      }
    });

    it('native: a file and a 2-turn interaction chain stay with the key that made them, the tag never upstream', async () => {
      const ai = genai();
      const start = fake.requests.length;
      const file = await ai.files.upload({ file: new Blob(['notes'], { type: 'text/plain' }), config: { mimeType: 'text/plain' } });
      expect(file.name).toMatch(/^files\/\w+gblk[a-z0-9]{6}$/);
      expect((await ai.files.get({ name: file.name! })).name).toBe(file.name);
      const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: createUserContent([createPartFromUri(file.uri!, 'text/plain'), 'Read it.']) });
      expect(answer.text).toContain('strawberry');
      const first = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'one' });
      // The second turn streamed: its events are tagged one by one in this runtime's streams.
      let secondId = '';
      let text = '';
      for await (const event of await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'two', previous_interaction_id: first.id, stream: true })) {
        const { event_type: type, interaction, delta } = event as { event_type?: string; interaction?: { id?: string }; delta?: { text?: string } };
        if (type === 'interaction.created') secondId = interaction?.id ?? '';
        if (type === 'step.delta') text += delta?.text ?? '';
      }
      expect(text).toBe('turn 2: two');
      expect(secondId).toMatch(/gblk[a-z0-9]{6}$/);
      const sent = fake.requests.slice(start);
      const fileKeys = new Set(sent.slice(0, 4).flatMap((request) => (request.key ? [request.key] : [])));
      expect(fileKeys.size).toBe(1);
      expect(sent[4]!.key).toBe(sent[5]!.key);
      for (const request of sent) expect(`${request.path}${request.search}${request.body}`).not.toContain('gblk');
    });

    it('OpenAI: chat completion, and a streamed one with usage', async () => {
      const completion = await openai().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0]!.message.content).toContain('strawberry');

      fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
      const stream = await openai().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usageChunks = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) usageChunks++;
      }
      expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
      expect(usageChunks).toBe(1);
    });

    it('OpenAI: a Gemini 3 tool call round trip keeps its thought signature', async () => {
      const { generateResponse, streamChunks } = fake;
      fake.generateResponse = (request: JsonBody) =>
        JSON.parse(readFixture(JSON.stringify(request).includes('functionResponse') ? 'google-text.json' : 'google-tool-call-gemini3.json')) as JsonBody;
      // Where the platform cuts late answers (Vercel, Netlify), the proxy asks for the same answer as a stream.
      fake.streamChunks = (request: JsonBody, model: string) => splitIntoEvents(fake.generateResponse(request, model));
      try {
        const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather?' }];
        const first = await openai().chat.completions.create({ model: 'gemini-3-pro-preview', messages });
        const call = first.choices[0]!.message.tool_calls![0]!;
        messages.push({ role: 'assistant', content: null, tool_calls: [call] });
        messages.push({ role: 'tool', tool_call_id: call.id, content: 'sunny' });
        const second = await openai().chat.completions.create({ model: 'gemini-3-pro-preview', messages });
        expect(second.choices[0]!.message.content).toContain('strawberry');
      } finally {
        Object.assign(fake, { generateResponse, streamChunks });
      }
    });

    it('OpenAI: an image edit, its multipart body parsed by the runtime, and speech answered as a WAV', async () => {
      const png = Buffer.from(FAKE_PNG_BASE64, 'base64');
      const edited = await openai().images.edit({ model: 'gemini-2.5-flash-image', image: [await toFile(png, 'a.png', { type: 'image/png' }), await toFile(png, 'b.png', { type: 'image/png' })], prompt: 'merge' });
      expect(edited.data).toEqual([{ b64_json: FAKE_PNG_BASE64 }]);
      const parts = (JSON.parse(fake.requests.at(-1)!.body) as { contents: Array<{ parts: JsonBody[] }> }).contents[0]!.parts;
      expect(parts.map((part) => (part.inlineData as JsonBody | undefined)?.data ?? part.text)).toEqual(['merge', FAKE_PNG_BASE64, FAKE_PNG_BASE64]);

      const speech = await openai().audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello', response_format: 'wav' });
      const wav = new Uint8Array(await speech.arrayBuffer());
      // Whole, its size in the header; streamed where the platform must answer in time, its size "unknown".
      expect([FAKE_SPEECH_PCM.length, 0xffffffff]).toContain(new DataView(wav.buffer).getUint32(40, true));
      expect(Buffer.from(wav.subarray(44)).equals(FAKE_SPEECH_PCM)).toBe(true);
    });

    it('Responses: a response, a stream whose events each reach the client before the next leaves Gemini, and a streamed Gemini 3 tool round trip', async () => {
      const plain = await openai().responses.create({ model: 'gemini-2.5-flash', input: 'hi' });
      expect(plain.output_text).toContain('strawberry');

      const pacing = paceStreamByClient(fake, readFixtureChunks('google-text.chunks.txt'));
      try {
        const stream = openai().responses.stream({ model: 'gemini-2.5-flash', input: 'count' });
        let upstreamEvent = 0;
        // Gemini's text events each make a delta; its last event, text-less with the finish reason, closes the text.
        stream.on('response.output_text.delta', () => pacing.clientReceived(upstreamEvent++));
        stream.on('response.output_text.done', () => pacing.clientReceived(upstreamEvent++));
        expect((await stream.finalResponse()).output_text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
        expect(pacing.order).toEqual(pacing.expectedOrder);
      } finally {
        pacing.stop();
      }

      fake.streamChunks = (request: JsonBody) => readFixtureChunks(JSON.stringify(request).includes('functionResponse') ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
      try {
        const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather?' }];
        const first = await openai().responses.stream({ model: 'gemini-3-pro-preview', input, include: ['reasoning.encrypted_content'] }).finalResponse();
        const call = first.output.find((item) => item.type === 'function_call')!;
        expect(call.name).toBe('weather');
        input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'sunny' });
        const second = await openai().responses.stream({ model: 'gemini-3-pro-preview', input }).finalResponse();
        expect(second.output_text).toContain('strawberry');
      } finally {
        fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
      }
    });

    it('Anthropic: a message, a stream whose events each reach the client before the next leaves Gemini, and a Gemini 3 tool round trip', async () => {
      const anthropic = new Anthropic({ apiKey: KEYS.join(','), baseURL: server.url, maxRetries: 0 });
      const plain = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(plain.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('strawberry') });

      const pacing = paceStreamByClient(fake, readFixtureChunks('google-text.chunks.txt'));
      try {
        const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'count' }] });
        let upstreamEvent = 0;
        stream.on('streamEvent', (event) => {
          if ((event.type === 'content_block_delta' && event.delta.type === 'text_delta') || event.type === 'message_delta') pacing.clientReceived(upstreamEvent++);
        });
        expect((await stream.finalMessage()).content).toEqual([{ type: 'text', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y' }]);
        expect(pacing.order).toEqual(pacing.expectedOrder);
      } finally {
        pacing.stop();
      }

      fake.streamChunks = (request: JsonBody) => readFixtureChunks(JSON.stringify(request).includes('functionResponse') ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
      try {
        const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather?' }];
        const first = await anthropic.messages.stream({ model: 'gemini-3-pro-preview', max_tokens: 50, messages }).finalMessage();
        const call = first.content.find((block) => block.type === 'tool_use')!;
        messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] });
        const second = await anthropic.messages.stream({ model: 'gemini-3-pro-preview', max_tokens: 50, messages }).finalMessage();
        expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('strawberry') });
      } finally {
        fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
      }
    });

    it('/verify streams a result per key, masked', async () => {
      const response = await fetch(`${server.url}/verify`, { method: 'POST', headers: { 'x-goog-api-key': `${KEYS[0]},${INVALID_KEY}` } });
      const text = await response.text();
      const results = text.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.slice('data: '.length)) as { index: number; key: string; status: string });
      expect(results.sort((a, b) => a.index - b.index).map(({ key, status }) => ({ key, status }))).toEqual([
        { key: 'AIzaSy…0001', status: 'GOOD' },
        { key: 'AIzaSy…0004', status: 'BAD' },
      ]);
    });

    it('CORS: answers a preflight itself and marks answers readable by any origin', async () => {
      const before = fake.requests.length;
      const preflight = await fetch(`${server.url}/v1beta/models`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(fake.requests.length).toBe(before);
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('access-control-allow-origin')).toBe('*');
      expect(await page.text()).toContain(`${server.url}/v1`);
    });

    it('follows no upstream redirect: the target never hears of the request or its key', async () => {
      const hits: string[] = [];
      const target = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end('{}');
      });
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      fake.redirectTarget = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
      try {
        const response = await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
          method: 'POST',
          headers: { 'x-goog-api-key': REDIRECTED_KEY, 'content-type': 'application/json' },
          body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
        });
        expect(response.status).toBe(502);
        expect(response.headers.get('location')).toBeNull();
        expect(await response.text()).toContain('GEMINI_BASE_URL');
        expect(hits).toEqual([]);
      } finally {
        fake.redirectTarget = undefined;
        await new Promise((resolve) => target.close(resolve));
      }
    });

    it('ran in its own runtime, and printed no whole key', () => {
      expect(server.output()).toMatch(banner);
      expect(server.output()).toMatch(/POST \/v1beta\/models\/gemini-2\.5-flash:generateContent 200 \d+ms key=AIzaSy…000[123]/);
      for (const key of [...KEYS, INVALID_KEY, REDIRECTED_KEY]) expect(server.output()).not.toContain(key);
    });
  });
}
