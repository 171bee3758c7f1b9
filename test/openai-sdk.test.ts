/**
 * The official `openai` SDK pointed at the local server (`baseURL …/v1`), against the fake Gemini upstream.
 */
import OpenAI from 'openai';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyOpenAiKey00000000000000000000001', 'AIzaSyOpenAiKey00000000000000000000002'];
const INVALID_KEY = 'AIzaSyOpenAi-invalid-000000000000000003';

const setup = useProxyAgainstFake();
let openai: OpenAI;
beforeAll(() => {
  openai = new OpenAI({ apiKey: KEYS.join(','), baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
});

const defaultGenerate = () => JSON.parse(readFixture('google-text.json')) as JsonBody;
beforeEach(() => {
  setup.fake.generateResponse = defaultGenerate;
  setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
});

function lastGeminiRequest(): JsonBody {
  return JSON.parse(setup.fake.requests.at(-1)!.body) as JsonBody;
}

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

/** A Gemini 3 model calls the tool first; once the history holds the tool's answer it replies in text. */
function answerToolRoundTrip(request: JsonBody): JsonBody {
  const contents = request.contents as Array<{ parts: JsonBody[] }>;
  const hasToolAnswer = contents.some((content) => content.parts.some((part) => 'functionResponse' in part));
  return JSON.parse(readFixture(hasToolAnswer ? 'google-text.json' : 'google-tool-call-gemini3.json')) as JsonBody;
}

describe('chat completions through the openai SDK', () => {
  it('answers a plain chat, with one key of the list per upstream request', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'How many r in strawberry?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 28 + 244, total_tokens: 281 });
    const upstream = setup.fake.requests.at(-1)!;
    expect(upstream.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(KEYS).toContain(upstream.key);
    expect(lastGeminiRequest().systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
  });

  it('streams a chat with include_usage: role first, text deltas, one usage chunk, then the end', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'How many r in strawberry?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish?.choices[0]!.finish_reason).toBe('stop');
    const usageChunks = chunks.filter((chunk) => chunk.usage);
    expect(usageChunks).toHaveLength(1);
    expect(usageChunks[0]!.choices).toEqual([]);
    expect(usageChunks[0]!.usage).toMatchObject({ prompt_tokens: 9, total_tokens: 217 });
    expect(setup.fake.requests.at(-1)!.search).toBe('?alt=sse');
  });

  it('returns thinking as reasoning_content, apart from the answer', async () => {
    setup.fake.generateResponse = () => ({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Counting the letters one by one.', thought: true }, { text: 'Three.' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 40, totalTokenCount: 47 },
    });
    const completion = await openai.chat.completions.create({ model: 'gemini-2.5-flash', reasoning_effort: 'high', messages: [{ role: 'user', content: 'r in strawberry?' }] });
    const message = completion.choices[0]!.message as OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe('Three.');
    expect(message.reasoning_content).toBe('Counting the letters one by one.');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(40);
    expect((lastGeminiRequest().generationConfig as JsonBody).thinkingConfig).toMatchObject({ includeThoughts: true });
  });

  it('streams thinking as reasoning_content deltas', async () => {
    setup.fake.streamChunks = readFixtureChunks('google-stream-no-args-tool-call.chunks.txt');
    const stream = await openai.chat.completions.create({ model: 'gemini-3-flash-preview', reasoning_effort: 'low', messages: [{ role: 'user', content: 'Read the screens' }], stream: true });
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.Chat.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string }) | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    expect(reasoning).toContain('**Processing User Requests**');
    expect(content).toBe('');
  });

  it('completes a tool-call round trip on a Gemini 3 model, carrying the thought signature back', async () => {
    setup.fake.generateResponse = answerToolRoundTrip;
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await openai.chat.completions.create({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] });
    const call = first.choices[0]!.message.tool_calls?.[0];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    expect(call?.type === 'function' && call.function).toEqual({ name: 'weather', arguments: '{"location":"San Francisco"}' });

    // What an OpenAI client sends back: the assistant message as received, minus anything it does not know.
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: call!.id, type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } }] });
    messages.push({ role: 'tool', tool_call_id: call!.id, content: '{"temperature":18}' });
    const second = await openai.chat.completions.create({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] });
    expect(second.choices[0]!.message.content).toContain('strawberry');

    const history = lastGeminiRequest().contents as Array<{ role: string; parts: JsonBody[] }>;
    const signature = (JSON.parse(readFixture('google-tool-call-gemini3.json')) as { candidates: Array<{ content: { parts: JsonBody[] } }> }).candidates[0]!.content.parts[0]!.thoughtSignature;
    expect(history[1]).toMatchObject({ role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: signature }] });
    expect(history[2]).toMatchObject({ role: 'user', parts: [{ functionResponse: { name: 'weather' } }] });
  });

  it('streams a tool call the SDK can assemble, and the streamed round trip passes the signature check', async () => {
    setup.fake.streamChunks = (request) =>
      readFixtureChunks(JSON.stringify(request).includes('functionResponse') ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await openai.chat.completions.stream({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] }).finalChatCompletion();
    const message = first.choices[0]!.message;
    const call = message.tool_calls?.[0];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function).toMatchObject({ name: 'weather', arguments: '{"location":"San Francisco"}' });

    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: call!.id, type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } }] });
    messages.push({ role: 'tool', tool_call_id: call!.id, content: 'sunny' });
    const second = await openai.chat.completions.stream({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] }).finalChatCompletion();
    expect(second.choices[0]!.message.content).toContain('strawberry');
  });

  it('without the signature, the fake upstream refuses the history as Gemini 3 does, and the proxy sends the documented stand-in', async () => {
    setup.fake.generateResponse = answerToolRoundTrip;
    const unsignedHistory = {
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: 'sunny' } } }] },
      ],
    };
    const direct = await fetch(`${setup.fake.url}/v1beta/models/gemini-3-pro-preview:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'AIzaSyDirect000000000000000000000000001', 'content-type': 'application/json' },
      body: JSON.stringify(unsignedHistory),
    });
    expect(direct.status).toBe(400);
    expect(await direct.text()).toContain('thought_signature');

    const completion = await openai.chat.completions.create({
      model: 'gemini-3-pro-preview',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_plain', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_plain', content: 'sunny' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBeTruthy();
    const contents = lastGeminiRequest().contents as Array<{ parts: JsonBody[] }>;
    expect(contents[1]!.parts[0]!.thoughtSignature).toBe('skip_thought_signature_validator');
  });

  it('sends image input to Gemini as inline data', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await openai.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
    });
    const contents = lastGeminiRequest().contents as Array<{ parts: JsonBody[] }>;
    expect(contents[0]!.parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: png } }]);
  });

  it('asks Gemini for JSON matching a json_schema response format', async () => {
    setup.fake.generateResponse = () => ({ candidates: [{ content: { role: 'model', parts: [{ text: '{"city":"Paris"}' }] }, finishReason: 'STOP', index: 0 }] });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const completion = await openai.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'capital', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Paris' });
    const config = lastGeminiRequest().generationConfig as JsonBody;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseJsonSchema ?? config.responseSchema).toMatchObject({ type: 'object', properties: { city: { type: 'string' } } });
  });
});

describe('embeddings and models through the openai SDK', () => {
  it('embeds with the SDK defaults (base64 float32), decoded to the upstream numbers', async () => {
    const result = await openai.embeddings.create({ model: 'gemini-embedding-001', input: ['first text', 'second'], dimensions: 4 });
    expect(result.data).toHaveLength(2);
    const upstream = JSON.parse(setup.fake.requests.at(-1)!.body) as { requests: Array<{ outputDimensionality: number }> };
    expect(setup.fake.requests.at(-1)!.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(upstream.requests.map((request) => request.outputDimensionality)).toEqual([4, 4]);
    for (const item of result.data) {
      expect(item.embedding).toHaveLength(4);
      expect(item.embedding.every((value) => Number.isFinite(value) && Math.abs(value) <= 1)).toBe(true);
    }
  });

  it('retrieves one model, and answers an unknown one with 404', async () => {
    expect(await openai.models.retrieve('gemini-3-pro-preview')).toEqual({ id: 'gemini-3-pro-preview', object: 'model', created: 0, owned_by: 'google' });
    await expect(openai.models.retrieve('gemini-0-none')).rejects.toMatchObject({ status: 404 });
  });

  it('lists Gemini models in OpenAI list shape', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(['gemini-2.5-flash', 'gemini-3-pro-preview', 'gemini-embedding-001']);
  });
});

describe('errors through the openai SDK', () => {
  it("passes on an invalid key's 400 with Gemini's message", async () => {
    const client = new OpenAI({ apiKey: INVALID_KEY, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
    const call = client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(call).rejects.toMatchObject({ status: 400, message: expect.stringContaining('API key not valid') });
  });

  it.each([
    ['an unknown role', { model: 'gemini-2.5-flash', messages: [{ role: 'wizard', content: 'hi' }] }, /role/i],
    ['messages that are not a list', { model: 'gemini-2.5-flash', messages: 'hi' }, /messages/],
    ['bad image data', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@' } }] }] }, /image/i],
    ['a tool message without its call', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'nope', content: 'x' }] }, /tool/i],
    ['unparseable function arguments', { model: 'gemini-2.5-flash', messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] }, /arguments/i],
    ['an unsupported response_format', { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], response_format: { type: 'yaml' } }, /response_format/],
  ])('answers %s with a 400 that says what is wrong, before going upstream', async (_, body, message) => {
    const before = setup.fake.requests.length;
    const call = openai.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
    await expect(call).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
    expect(setup.fake.requests.length).toBe(before);
  });

  it('answers invalid JSON with a 400 in OpenAI\'s shape', async () => {
    const response = await fetch(`${setup.server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEYS[0]}`, 'content-type': 'application/json' }, body: '{"model":' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('not valid JSON');
  });

  it('prints no whole key during the run', () => {
    for (const key of [...KEYS, INVALID_KEY]) expect(setup.server.output()).not.toContain(key);
  });
});
