/**
 * Gemini's blank answers (a candidate with no parts, MALFORMED_FUNCTION_CALL, OTHER) are asked again
 * with the next key before anything reaches the client; an answer that stays blank is passed on as
 * Gemini gave it, not turned into an error.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyEmptyAnswer0000000000000000000001', 'AIzaSyEmptyAnswer0000000000000000000002', 'AIzaSyEmptyAnswer0000000000000000000003'];
const BLANK: JsonBody = { candidates: [{ content: { role: 'model' }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 }, modelVersion: 'gemini-2.5-flash' };
const MALFORMED: JsonBody = { candidates: [{ content: { parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }] };
const TEXT = () => JSON.parse(readFixture('google-text.json')) as JsonBody;
const setup = useProxyAgainstFake();

/** Blank answers for the first `blankTimes` calls, then the recorded ones; counts the upstream calls. */
function blankFirst(blankTimes: number, blank: JsonBody = BLANK) {
  let calls = 0;
  setup.fake.generateResponse = () => (++calls <= blankTimes ? blank : TEXT());
  setup.fake.streamChunks = () => (++calls <= blankTimes ? [JSON.stringify(blank)] : readFixtureChunks('google-text.chunks.txt'));
  return { calls: () => calls };
}

function restore(): void {
  setup.fake.generateResponse = TEXT;
  setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
}

const genai = () => new GoogleGenAI({ apiKey: KEYS.join(','), httpOptions: { baseUrl: setup.server.url } });
const openai = () => new OpenAI({ apiKey: KEYS.join(','), baseURL: `${setup.server.url}/v1`, maxRetries: 0 });

describe('a blank answer is asked again', () => {
  it('native generateContent, with the next key', async () => {
    const counter = blankFirst(1, MALFORMED);
    try {
      const start = setup.fake.requests.length;
      const response = await genai().models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      expect(response.text).toContain('strawberry');
      expect(counter.calls()).toBe(2);
      const keys = setup.fake.requests.slice(start).map((request) => request.key);
      expect(new Set(keys).size).toBe(2);
    } finally {
      restore();
    }
  });

  it('native streamGenerateContent, before the client has received anything', async () => {
    const counter = blankFirst(1);
    try {
      let text = '';
      for await (const chunk of await genai().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })) text += chunk.text ?? '';
      expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
      expect(counter.calls()).toBe(2);
    } finally {
      restore();
    }
  });

  it('OpenAI chat, plain and streamed', async () => {
    let counter = blankFirst(1);
    try {
      const completion = await openai().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0]!.message.content).toContain('strawberry');
      expect(counter.calls()).toBe(2);
      counter = blankFirst(2);
      let text = '';
      for await (const chunk of await openai().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(text).toContain('strawberry');
      expect(counter.calls()).toBe(3);
    } finally {
      restore();
    }
  });
});

describe('a blank answer is asked again on the other translated faces', () => {
  const anthropic = () => new Anthropic({ apiKey: KEYS.join(','), baseURL: setup.server.url, maxRetries: 0 });

  it('Anthropic Messages, plain and streamed', async () => {
    let counter = blankFirst(1);
    try {
      const message = await anthropic().messages.create({ model: 'gemini-2.5-flash', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      expect(JSON.stringify(message.content)).toContain('strawberry');
      expect(counter.calls()).toBe(2);
      counter = blankFirst(1);
      const final = await anthropic().messages.stream({ model: 'gemini-2.5-flash', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
      expect(JSON.stringify(final.content)).toContain('strawberry');
      expect(counter.calls()).toBe(2);
    } finally {
      restore();
    }
  });

  it('OpenAI Responses, plain and streamed', async () => {
    let counter = blankFirst(1, MALFORMED);
    try {
      const response = await openai().responses.create({ model: 'gemini-2.5-flash', input: 'hi' });
      expect(response.output_text).toContain('strawberry');
      expect(counter.calls()).toBe(2);
      counter = blankFirst(1);
      let text = '';
      for await (const event of await openai().responses.create({ model: 'gemini-2.5-flash', input: 'hi', stream: true })) {
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
      expect(text).toContain('strawberry');
      expect(counter.calls()).toBe(2);
    } finally {
      restore();
    }
  });
});

describe('an answer that stays blank', () => {
  it('is passed on as Gemini gave it after the retries (2 by default), not as an error', async () => {
    const counter = blankFirst(100);
    try {
      const response = await fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': KEYS.join(','), 'content-type': 'application/json' },
        body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(BLANK);
      expect(counter.calls()).toBe(3);

      const stream = await openai().chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true });
      const finishes: Array<string | null | undefined> = [];
      for await (const chunk of stream) finishes.push(chunk.choices[0]?.finish_reason);
      expect(finishes.at(-1)).toBe('stop');
      expect(counter.calls()).toBe(6);
    } finally {
      restore();
    }
  });
});
