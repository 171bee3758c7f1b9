/**
 * The official `@anthropic-ai/sdk` pointed at the local server (`baseURL` the server's root), against
 * the fake Gemini upstream.
 */
import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleRequest } from '../src/handle-request.ts';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyAnthropicKey000000000000000000001', 'AIzaSyAnthropicKey000000000000000000002'];

const setup = useProxyAgainstFake({ MAX_REQUEST_BODY_MB: '1' });
let anthropic: Anthropic;
const clientWith = (apiKey: string) => new Anthropic({ apiKey, baseURL: setup.server.url, maxRetries: 0 });
beforeAll(() => {
  anthropic = clientWith(KEYS.join(','));
});

beforeEach(() => {
  setup.fake.generateResponse = () => JSON.parse(readFixture('google-text.json')) as JsonBody;
  setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
});

type Contents = Array<{ role: string; parts: JsonBody[] }>;

function lastGeminiRequest(): JsonBody {
  return JSON.parse(setup.fake.requests.at(-1)!.body) as JsonBody;
}

const weatherTool: Anthropic.Tool = {
  name: 'weather',
  description: 'Weather in a city',
  input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false },
};

const GEMINI3_CALL_SIGNATURE = (JSON.parse(readFixture('google-tool-call-gemini3.json')) as { candidates: Array<{ content: { parts: JsonBody[] } }> }).candidates[0]!.content.parts[0]!.thoughtSignature;

/** The fake calls the tool first; once the history holds the tool's answer it replies in text. */
const hasToolAnswer = (request: JsonBody) => JSON.stringify(request.contents).includes('functionResponse');

describe('messages through the Anthropic SDK', () => {
  it('answers a plain message under the name asked for, one key of the list per upstream request', async () => {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'How many r in strawberry?' }],
      metadata: { user_id: 'someone' },
    });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', stop_reason: 'end_turn', stop_sequence: null });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toEqual([{ type: 'text', text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." }]);
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 28 + 244, cache_read_input_tokens: 0 });
    const upstream = setup.fake.requests.at(-1)!;
    expect(upstream.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
    expect(KEYS).toContain(upstream.key);
    expect(upstream.headers['x-api-key']).toBeUndefined();
    expect(lastGeminiRequest()).toMatchObject({ systemInstruction: { parts: [{ text: 'Be brief.' }] }, generationConfig: { maxOutputTokens: 1024 } });
  });

  it("streams in Anthropic's event order, and the SDK's stream helper assembles the message", async () => {
    const events: string[] = [];
    const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'count' }] });
    stream.on('streamEvent', (event) => events.push(event.type === 'content_block_delta' ? event.delta.type : event.type));
    const message = await stream.finalMessage();
    expect(events).toEqual(['message_start', 'content_block_start', 'text_delta', 'text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(message.content).toEqual([{ type: 'text', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y' }]);
    expect(message).toMatchObject({ model: 'claude-haiku-4-5', stop_reason: 'end_turn' });
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 23 + 185 });
    expect(setup.fake.requests.at(-1)!).toMatchObject({ path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent', search: '?alt=sse' });
  });

  it('returns thinking with a signature that the next request puts back on its Gemini part; signatures from elsewhere are dropped', async () => {
    setup.fake.generateResponse = () => ({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Counting letters.', thought: true }, { text: 'Three.', thoughtSignature: 'c2lnLW9uLXRleHQ=' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 40, totalTokenCount: 47 },
    });
    const question: Anthropic.MessageParam = { role: 'user', content: 'r in strawberry?' };
    const first = await anthropic.messages.create({ model: 'gemini-2.5-flash', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [question] });
    expect((lastGeminiRequest().generationConfig as JsonBody).thinkingConfig).toEqual({ thinkingBudget: 2048, includeThoughts: true });
    expect(first.content).toEqual([
      { type: 'thinking', thinking: 'Counting letters.', signature: 'gemini:c2lnLW9uLXRleHQ=' },
      { type: 'text', text: 'Three.' },
    ]);
    expect(first.usage.output_tokens).toBe(42);

    await anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: 'And in raspberry?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: 'ErUBCkYIAxgCIkDanthropic-made' }, { type: 'text', text: 'One.' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    const contents = lastGeminiRequest().contents as Contents;
    expect(contents[1]).toEqual({ role: 'model', parts: [{ text: 'Three.', thoughtSignature: 'c2lnLW9uLXRleHQ=' }] });
    expect(contents[3]).toEqual({ role: 'model', parts: [{ text: 'One.' }] });
  });

  it("streams thinking as thinking deltas, with no block after the answer's text", async () => {
    setup.fake.streamChunks = [
      JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Let me count.', thought: true }] } }] }),
      ...readFixtureChunks('google-reasoning-gemini3.chunks.txt'),
    ];
    const message = await anthropic.messages.stream({ model: 'gemini-3-pro-preview', max_tokens: 1000, thinking: { type: 'adaptive' } as never, messages: [{ role: 'user', content: 'r?' }] }).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me count.', signature: '' },
      { type: 'text', text: 'There are **3** "r"s in strawberry.\n\nSt**r**awbe**rr**y' },
    ]);
    expect((lastGeminiRequest().generationConfig as JsonBody).thinkingConfig).toEqual({ includeThoughts: true });
  });

  it('completes a tool round trip on a Gemini 3 model against an upstream that refuses a missing signature', async () => {
    setup.fake.generateResponse = (request) => JSON.parse(readFixture(hasToolAnswer(request) ? 'google-text.json' : 'google-tool-call-gemini3.json')) as JsonBody;
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await anthropic.messages.create({ model: 'gemini-3-pro-preview', max_tokens: 500, tools: [weatherTool], messages });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'weather', input: { location: 'San Francisco' } });
    expect(call!.id).toMatch(/^toolu_/);

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: [{ type: 'text', text: '18°C' }] }] });
    const second = await anthropic.messages.create({ model: 'gemini-3-pro-preview', max_tokens: 500, tools: [weatherTool], messages });
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('strawberry') });
    const contents = lastGeminiRequest().contents as Contents;
    expect(contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: GEMINI3_CALL_SIGNATURE }] });
    expect(contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: '18°C' } } }] });
  });

  it('streams a tool call the SDK assembles, and the streamed round trip passes the signature check', async () => {
    setup.fake.streamChunks = (request) => readFixtureChunks(hasToolAnswer(request) ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await anthropic.messages.stream({ model: 'gemini-3-pro-preview', max_tokens: 500, tools: [weatherTool], tool_choice: { type: 'any' }, messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(call.input).toEqual({ location: 'San Francisco' });
    expect(lastGeminiRequest().toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny', is_error: false }] });
    const second = await anthropic.messages.stream({ model: 'gemini-3-pro-preview', max_tokens: 500, tools: [weatherTool], messages }).finalMessage();
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('strawberry') });
  });

  it("replays a Gemini 3 tool call that has no signature (a conversation from Anthropic's API) with Google's stand-in", async () => {
    await anthropic.messages.create({
      model: 'gemini-3-pro-preview',
      max_tokens: 500,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 'EqQBCkgIAR' }, { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'weather', input: { location: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: 'rain', is_error: true }] },
      ],
    });
    const contents = lastGeminiRequest().contents as Contents;
    expect(contents[1]!.parts[0]).toMatchObject({ thoughtSignature: 'skip_thought_signature_validator' });
    expect(contents[2]!.parts[0]).toEqual({ functionResponse: { name: 'weather', response: { error: 'rain' } } });
  });

  it('sends images and PDF documents to Gemini as inline data', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
    await anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf }, cache_control: { type: 'ephemeral' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
            { type: 'text', text: 'What are these?' },
          ],
        },
      ],
    });
    expect((lastGeminiRequest().contents as Contents)[0]!.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: png } },
      { inlineData: { mimeType: 'application/pdf', data: pdf } },
      { text: 'Plain notes.' },
      { text: 'What are these?' },
    ]);
  });

  it('fetches url sources under the image URL rules: a local address is refused before anything goes upstream', async () => {
    const before = setup.fake.requests.length;
    const call = anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: `${setup.fake.url}/cat.png` } }] }],
    });
    await expect(call).rejects.toMatchObject({ status: 400, type: 'invalid_request_error', message: expect.stringContaining('local or private address') });
    expect(setup.fake.requests.length).toBe(before);
  });

  it('counts tokens with Gemini countTokens over what the request would send', async () => {
    const counted = await anthropic.messages.countTokens({ model: 'claude-opus-4-1', system: 'Be brief.', tools: [weatherTool], messages: [{ role: 'user', content: 'Hello there' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const upstream = setup.fake.requests.at(-1)!;
    expect(upstream.path).toBe('/v1beta/models/gemini-3.1-pro-preview:countTokens');
    expect(lastGeminiRequest()).toMatchObject({
      generateContentRequest: { model: 'models/gemini-3.1-pro-preview', systemInstruction: { parts: [{ text: 'Be brief.' }] }, tools: [{ functionDeclarations: [{ name: 'weather' }] }] },
    });
  });

  it("lists the models in Anthropic's shape, and retrieves one under a claude name", async () => {
    const ids: string[] = [];
    for await (const model of anthropic.models.list()) {
      expect(model).toMatchObject({ type: 'model', display_name: expect.any(String), created_at: expect.any(String) });
      ids.push(model.id);
    }
    expect(ids).toEqual(['gemini-2.5-flash', 'gemini-3-pro-preview']);
    expect(await anthropic.models.retrieve('claude-haiku-4-5')).toMatchObject({ type: 'model', id: 'claude-haiku-4-5', display_name: 'Gemini 2.5 Flash' });
  });
});

describe('keys and errors through the Anthropic SDK', () => {
  it('spreads requests over the key list, from x-api-key and from Authorization: Bearer', async () => {
    const start = setup.fake.requests.length;
    const viaBearer = new Anthropic({ apiKey: null, authToken: KEYS.join(','), baseURL: setup.server.url, maxRetries: 0 });
    for (const client of [anthropic, anthropic, viaBearer, viaBearer]) {
      await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    }
    const used = setup.fake.requests.slice(start).map((request) => request.key);
    expect(new Set(used)).toEqual(new Set(KEYS));
    for (const request of setup.fake.requests.slice(start)) expect(request.headers.authorization).toBeUndefined();
  });

  it('takes an access token in x-api-key or as Bearer when the proxy holds the keys', async () => {
    const env = { GEMINI_BASE_URL: setup.fake.url, GEMINI_API_KEYS: KEYS.join(','), ACCESS_TOKENS: 'team-token' };
    const send = (headers: Record<string, string>) =>
      handleRequest(new Request('https://proxy.example/v1/messages?beta=true', { method: 'POST', headers: { 'anthropic-version': '2023-06-01', ...headers }, body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) }), env);
    for (const headers of [{ 'x-api-key': 'team-token' }, { authorization: 'Bearer team-token' }] as Array<Record<string, string>>) {
      const response = await send(headers);
      expect(response.status).toBe(200);
      expect(KEYS).toContain(setup.fake.requests.at(-1)!.key);
    }
    const refused = await send({ 'x-api-key': 'wrong-token' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('fails over to the next key when one is refused', async () => {
    const start = setup.fake.requests.length;
    const client = clientWith(`AIzaSyAnthropic-invalid-0000000000000003,${KEYS[0]}`);
    for (let i = 0; i < 2; i++) {
      const message = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      expect(message.content[0]).toMatchObject({ type: 'text' });
    }
    expect(setup.fake.requests.slice(start).map((request) => request.key)).toContain(KEYS[0]);
  });

  const create = (client: Anthropic, body: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) =>
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...body });

  it.each([
    ['a bad request', 400, 'invalid_request_error', () => create(anthropic, { tool_choice: { type: 'sometimes' } as never, tools: [weatherTool] })],
    ['an Anthropic server tool', 400, 'invalid_request_error', () => create(anthropic, { tools: [{ type: 'code_execution_20250522', name: 'code_execution' } as never] })],
    ['no key', 401, 'authentication_error', () => new Anthropic({ apiKey: null, authToken: null, baseURL: setup.server.url, maxRetries: 0, defaultHeaders: { authorization: null } }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })],
    ['a suspended key', 403, 'permission_error', () => create(clientWith('AIzaSyAnthropic-suspended-00000000000004'))],
    ['an unknown model', 404, 'not_found_error', () => anthropic.models.retrieve('gemini-0-none')],
    ['a body over MAX_REQUEST_BODY_MB', 413, 'request_too_large', () => create(anthropic, { messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] })],
    ['an exhausted key', 429, 'rate_limit_error', () => create(clientWith('AIzaSyAnthropic-quota-0000000000000005'))],
    ['an overloaded model', 529, 'overloaded_error', () => create(clientWith('AIzaSyAnthropic-overloaded-000000000006'))],
  ])('answers %s with %i %s', async (_name, status, type, call) => {
    const error = await call().then(
      () => expect.fail('the call succeeded'),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status, type, error: { type: 'error', error: { type, message: expect.any(String) } } });
    expect(JSON.stringify((error as InstanceType<typeof Anthropic.APIError>).error)).not.toContain('AIzaSyAnthropic-suspended-00000000000004');
  });

  it('answers a Gemini failure with 500 api_error', async () => {
    setup.fake.generateResponse = () => {
      throw new Error('upstream broke');
    };
    await expect(create(anthropic)).rejects.toMatchObject({ status: 500, type: 'api_error' });
  });

  it('turns an error in the middle of a stream into an error event', async () => {
    setup.fake.streamChunks = [readFixtureChunks('google-text.chunks.txt')[0]!, JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })];
    const texts: string[] = [];
    const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    stream.on('text', (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toMatchObject({ type: 'overloaded_error', error: { error: { message: 'The model is overloaded.' } } });
    expect(texts).toEqual(['There are **3**']);
  });

  it('keeps x-api-key from reaching Gemini on native routes, where it is the key list', async () => {
    const response = await fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.join(','), 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(200);
    const upstream = setup.fake.requests.at(-1)!;
    expect(KEYS).toContain(upstream.headers['x-goog-api-key']);
    expect(upstream.headers['x-api-key']).toBeUndefined();
  });
});
