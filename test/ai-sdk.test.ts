/**
 * A second real client: the Vercel AI SDK's OpenAI-compatible provider, pointed at the local setup.server.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = 'AIzaSyAiSdkKey000000000000000000000001,AIzaSyAiSdkKey000000000000000000000002';

const setup = useProxyAgainstFake();

const provider = () => createOpenAICompatible({ name: 'gemini-balance-lite', baseURL: `${setup.server.url}/v1`, apiKey: KEYS, includeUsage: true });

describe('Vercel AI SDK (@ai-sdk/openai-compatible) through the proxy', () => {
  it('streams text', async () => {
    setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
    const result = streamText({ model: provider()('gemini-2.5-flash'), prompt: 'How many r in strawberry?' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBe(9);
  });

  it('completes a tool call on a Gemini 3 model: calls the tool, sends its result back with the signature, and gets the answer', async () => {
    setup.fake.streamChunks = (request: JsonBody) =>
      readFixtureChunks(JSON.stringify(request).includes('functionResponse') ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
    const calls: string[] = [];
    const result = streamText({
      model: provider()('gemini-3-pro-preview'),
      prompt: 'Weather in San Francisco?',
      tools: {
        weather: tool({
          description: 'Weather in a city',
          inputSchema: z.object({ location: z.string() }),
          execute: async ({ location }) => {
            calls.push(location);
            return { temperature: 18 };
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(calls).toEqual(['San Francisco']);
    expect(text).toContain('strawberry');
    expect((await result.steps).map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    const history = (JSON.parse(setup.fake.requests.at(-1)!.body) as { contents: Array<{ role: string; parts: JsonBody[] }> }).contents;
    expect(history[1]!.parts[0]).toMatchObject({ functionCall: { name: 'weather' }, thoughtSignature: expect.any(String) });
    expect(history[2]!.parts[0]).toMatchObject({ functionResponse: { name: 'weather', response: expect.anything() } });
  });
});
