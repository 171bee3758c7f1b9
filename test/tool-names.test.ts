/**
 * Tool names Gemini refuses (longer than 64 characters, or with other characters, as an agent's MCP
 * tools may be named) go upstream fitted and come back to the client as it named them, on every
 * translating face, plain and streamed, through a whole tool round trip.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEY = 'AIzaSyToolNames00000000000000000000001';
const LONG_NAME = 'mcp__a_very_long_server_name_for_testing__and_an_even_longer_tool_name_that_goes_on';
const setup = useProxyAgainstFake();

/** The fake calls the first function declared, by the name it was declared under; after its result, it answers in text. */
function callTheDeclaredTool(): () => void {
  const { generateResponse, streamChunks } = setup.fake;
  const answer = (request: JsonBody): JsonBody => {
    if (JSON.stringify(request).includes('functionResponse')) return JSON.parse(readFixture('google-text.json')) as JsonBody;
    const name = (request.tools as Array<{ functionDeclarations: Array<{ name: string }> }>)[0]!.functionDeclarations[0]!.name;
    return { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name, args: { query: 'x' } } }] }, finishReason: 'STOP', index: 0 }] };
  };
  setup.fake.generateResponse = answer;
  setup.fake.streamChunks = (request) => (JSON.stringify(request).includes('functionResponse') ? readFixtureChunks('google-text.chunks.txt') : [JSON.stringify(answer(request))]);
  return () => Object.assign(setup.fake, { generateResponse, streamChunks });
}

function declaredNames(): string[] {
  const request = JSON.parse(setup.fake.requests.at(-1)!.body) as { tools: Array<{ functionDeclarations: Array<{ name: string }> }> };
  return request.tools[0]!.functionDeclarations.map((declaration) => declaration.name);
}

describe('a tool name Gemini refuses', () => {
  it('OpenAI chat: the call comes back under the client\'s name, and its result goes back to Gemini', async () => {
    const restore = callTheDeclaredTool();
    try {
      const openai = new OpenAI({ apiKey: KEY, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
      const tools: OpenAI.Chat.ChatCompletionTool[] = [{ type: 'function', function: { name: LONG_NAME, parameters: { type: 'object', properties: { query: { type: 'string' } } } } }];
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'search' }];
      const first = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages, tools });
      const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
      expect(call.function.name).toBe(LONG_NAME);
      expect(declaredNames()[0]).toMatch(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/);

      let streamedName = '';
      for await (const chunk of await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages, tools, stream: true })) {
        streamedName += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? '';
      }
      expect(streamedName).toBe(LONG_NAME);

      messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'found' });
      const second = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages, tools });
      expect(second.choices[0]!.message.content).toContain('strawberry');
    } finally {
      restore();
    }
  });

  it('Anthropic Messages: the tool_use carries the client\'s name', async () => {
    const restore = callTheDeclaredTool();
    try {
      const anthropic = new Anthropic({ apiKey: KEY, baseURL: setup.server.url, maxRetries: 0 });
      const message = await anthropic.messages.create({
        model: 'gemini-2.5-flash',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'search' }],
        tools: [{ name: 'look up weather', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }],
      });
      expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'look up weather', input: { query: 'x' } });
      expect(declaredNames()[0]).toMatch(/^look_up_weather_[a-z0-9]{8}$/);
    } finally {
      restore();
    }
  });
});
