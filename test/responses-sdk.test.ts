/**
 * The official `openai` SDK's Responses API (`responses.create`, `responses.stream`) pointed at the
 * local server (`baseURL …/v1`), against the fake Gemini upstream.
 */
import OpenAI from 'openai';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture, readFixtureChunks } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyResponsesKey000000000000000000001', 'AIzaSyResponsesKey000000000000000000002'];
const QUOTA_KEY = 'AIzaSyResponses-quota-000000000000000003';
const INVALID_KEY = 'AIzaSyResponses-invalid-0000000000000004';

const setup = useProxyAgainstFake();
let openai: OpenAI;
beforeAll(() => {
  openai = new OpenAI({ apiKey: KEYS.join(','), baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
});

beforeEach(() => {
  setup.fake.generateResponse = () => JSON.parse(readFixture('google-text.json')) as JsonBody;
  setup.fake.streamChunks = readFixtureChunks('google-text.chunks.txt');
});

function lastGeminiRequest(): JsonBody {
  return JSON.parse(setup.fake.requests.at(-1)!.body) as JsonBody;
}

type Contents = Array<{ role: string; parts: JsonBody[] }>;

const hasFunctionResponse = (request: JsonBody) => (request.contents as Contents).some((content) => content.parts.some((part) => 'functionResponse' in part));

/** The recorded Gemini 3 call of `weather`, with a thought before it, as Gemini sends it when asked for thought summaries. */
function weatherCallWithThought(): JsonBody {
  const recorded = JSON.parse(readFixture('google-tool-call-gemini3.json')) as { candidates: Array<{ content: { parts: JsonBody[] } }> };
  recorded.candidates[0]!.content.parts.unshift({ text: 'The user wants the weather.', thought: true });
  return recorded as unknown as JsonBody;
}

const RECORDED_SIGNATURE = (JSON.parse(readFixture('google-tool-call-gemini3.json')) as { candidates: Array<{ content: { parts: JsonBody[] } }> }).candidates[0]!.content.parts[0]!.thoughtSignature;

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'weather',
  description: 'Weather in a city',
  strict: false,
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('the Responses API through the openai SDK', () => {
  it('answers responses.create with output_text and usage, one key of the list per upstream request', async () => {
    const before = setup.fake.requests.length;
    const response = await openai.responses.create({ model: 'gemini-2.5-flash', instructions: 'Be brief.', input: 'How many r in strawberry?', store: false, metadata: { run: 'test' } });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(response.usage).toMatchObject({ input_tokens: 9, output_tokens: 28 + 244, total_tokens: 281, output_tokens_details: { reasoning_tokens: 244 } });
    await openai.responses.create({ model: 'gemini-2.5-flash', input: 'again' });
    const upstream = setup.fake.requests.slice(before);
    expect(upstream.map((request) => request.path)).toEqual(['/v1beta/models/gemini-2.5-flash:generateContent', '/v1beta/models/gemini-2.5-flash:generateContent']);
    expect(new Set(upstream.map((request) => request.key))).toEqual(new Set(KEYS));
    expect(JSON.parse(upstream[0]!.body).systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
  });

  it('streams with stream: true, every event in order with increasing sequence numbers', async () => {
    const stream = await openai.responses.create({ model: 'gemini-2.5-flash', input: 'How many r in strawberry?', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events[0]!.type).toBe('response.created');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const text = events.map((event) => (event.type === 'response.output_text.delta' ? event.delta : '')).join('');
    expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(setup.fake.requests.at(-1)!.search).toBe('?alt=sse');
  });

  it('gives responses.stream its final response', async () => {
    const stream = openai.responses.stream({ model: 'gemini-2.5-flash', input: 'How many r in strawberry?' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(deltas.join(''));
    expect(final.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
  });

  it('completes a function tool round trip on Gemini 3, the reasoning item replayed with its encrypted_content', async () => {
    setup.fake.generateResponse = (request) => (hasFunctionResponse(request) ? (JSON.parse(readFixture('google-text.json')) as JsonBody) : weatherCallWithThought());
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const request = { model: 'gemini-3-pro-preview', tools: [weatherTool], include: ['reasoning.encrypted_content' as const], reasoning: { effort: 'high' as const, summary: 'auto' as const }, store: false };
    const first = await openai.responses.create({ ...request, input });
    const [reasoning, call] = first.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'The user wants the weather.' }], encrypted_content: expect.any(String) });
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"location":"San Francisco"}' });
    expect((lastGeminiRequest().generationConfig as JsonBody).thinkingConfig).toEqual({ thinkingLevel: 'high', includeThoughts: true });

    // What a client of this API sends back: the output items as received, then the tool's output.
    const callId = (call as OpenAI.Responses.ResponseFunctionToolCall).call_id;
    const second = await openai.responses.create({ ...request, input: [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: callId, output: '{"temperature":18}' }] });
    expect(second.output_text).toContain('strawberry');
    const history = lastGeminiRequest().contents as Contents;
    expect(history[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: RECORDED_SIGNATURE }] });
    expect(history[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temperature: 18 } } }] });

    // A client that renamed the call id still has the signature in the reasoning item.
    const renamed = [reasoning as OpenAI.Responses.ResponseReasoningItem, { type: 'function_call' as const, call_id: 'call_renamed', name: 'weather', arguments: '{"location":"San Francisco"}' }];
    await openai.responses.create({ ...request, input: [...input, ...renamed, { type: 'function_call_output', call_id: 'call_renamed', output: 'sunny' }] });
    expect((lastGeminiRequest().contents as Contents)[1]!.parts[0]!.thoughtSignature).toBe(RECORDED_SIGNATURE);
  });

  it('streams a Gemini 3 tool call that responses.stream assembles, and the streamed round trip passes the signature check', async () => {
    setup.fake.streamChunks = (request) => readFixtureChunks(hasFunctionResponse(request) ? 'google-text.chunks.txt' : 'google-tool-call-gemini3.chunks.txt');
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await openai.responses.stream({ model: 'gemini-3-pro-preview', tools: [weatherTool], input }).finalResponse();
    const call = first.output.find((item) => item.type === 'function_call')!;
    expect(call).toMatchObject({ name: 'weather', arguments: '{"location":"San Francisco"}' });
    const second = await openai.responses.stream({ model: 'gemini-3-pro-preview', tools: [weatherTool], input: [...input, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }] }).finalResponse();
    expect(second.output_text).toContain('strawberry');
  });

  it('completes a custom tool round trip: free-form input out, custom_tool_call_output back', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch';
    setup.fake.generateResponse = (request) =>
      hasFunctionResponse(request)
        ? (JSON.parse(readFixture('google-text.json')) as JsonBody)
        : { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'apply_patch', args: { input: patch } } }] }, finishReason: 'STOP', index: 0 }] };
    const tools: OpenAI.Responses.Tool[] = [{ type: 'custom', name: 'apply_patch', description: 'Edit files with a patch.', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/s' } }];
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Add hello.txt' }];
    const first = await openai.responses.create({ model: 'gemini-2.5-flash', tools, input });
    const call = first.output[0] as OpenAI.Responses.ResponseCustomToolCall;
    expect(call).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: patch });
    const declaration = ((lastGeminiRequest().tools as JsonBody[])[0]!.functionDeclarations as JsonBody[])[0]!;
    expect(declaration).toMatchObject({ name: 'apply_patch', parametersJsonSchema: { properties: { input: { type: 'string' } } } });

    await openai.responses.create({ model: 'gemini-2.5-flash', tools, input: [...input, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' }] });
    const history = lastGeminiRequest().contents as Contents;
    expect(history[1]!.parts).toEqual([{ functionCall: { name: 'apply_patch', args: { input: patch } } }]);
    expect(history[2]!.parts).toEqual([{ functionResponse: { name: 'apply_patch', response: { result: 'Done!' } } }]);
  });

  it('asks Gemini for JSON matching a json_schema text format', async () => {
    setup.fake.generateResponse = () => ({ candidates: [{ content: { role: 'model', parts: [{ text: '{"city":"Paris"}' }] }, finishReason: 'STOP', index: 0 }] });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const response = await openai.responses.create({ model: 'gemini-2.5-flash', input: 'Capital of France as JSON', text: { format: { type: 'json_schema', name: 'capital', schema, strict: true } } });
    expect(JSON.parse(response.output_text)).toEqual({ city: 'Paris' });
    expect(lastGeminiRequest().generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });
  });

  it('sends an input_image to Gemini as inline data', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await openai.responses.create({
      model: 'gemini-2.5-flash',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' }] }],
    });
    expect((lastGeminiRequest().contents as Contents)[0]!.parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: png } }]);
  });

  it('fails over from a key out of quota to the next of the list', async () => {
    const client = new OpenAI({ apiKey: `${QUOTA_KEY},${KEYS[0]}`, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
    const before = setup.fake.requests.length;
    for (let i = 0; i < 2; i++) expect((await client.responses.create({ model: 'gemini-2.5-flash', input: 'hi' })).status).toBe('completed');
    const keys = setup.fake.requests.slice(before).map((request) => request.key);
    expect(keys).toContain(QUOTA_KEY);
    expect(keys.at(-1)).toBe(KEYS[0]);
  });
});

describe('Responses errors through the openai SDK', () => {
  it("passes on an invalid key's 400 with Gemini's message", async () => {
    const client = new OpenAI({ apiKey: INVALID_KEY, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
    await expect(client.responses.create({ model: 'gemini-2.5-flash', input: 'hi' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('API key not valid') });
  });

  it.each([
    ['no input', { model: 'gemini-2.5-flash' }, /input is missing/],
    ['a tool type Gemini cannot offer', { model: 'gemini-2.5-flash', input: 'hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] }, /file_search/],
    ['previous_response_id', { model: 'gemini-2.5-flash', input: 'hi', previous_response_id: 'resp_123' }, /keeps no state.*whole conversation/],
    ['a conversation', { model: 'gemini-2.5-flash', input: 'hi', conversation: 'conv_123' }, /keeps no state/],
  ])('answers %s with a 400 in OpenAI\'s shape, before going upstream', async (_, body, message) => {
    const before = setup.fake.requests.length;
    const call = openai.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(call).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
    expect(setup.fake.requests.length).toBe(before);
  });

  it('answers reading, listing the items of and deleting a stored response with 404 and why', async () => {
    await expect(openai.responses.retrieve('resp_123')).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/keeps no state/) });
    await expect(openai.responses.delete('resp_123')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(openai.responses.inputItems.list('resp_123')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('ends a stream broken by a Gemini error with response.failed', async () => {
    setup.fake.streamChunks = [readFixtureChunks('google-text.chunks.txt')[0]!, JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })];
    const stream = await openai.responses.create({ model: 'gemini-2.5-flash', input: 'hi', stream: true });
    const types: string[] = [];
    let failed: OpenAI.Responses.ResponseFailedEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.failed') failed = event;
    }
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(failed?.response.error).toMatchObject({ code: 'server_error', message: 'The model is overloaded.' });
  });

  it('prints no whole key during the run', () => {
    for (const key of [...KEYS, QUOTA_KEY, INVALID_KEY]) expect(setup.server.output()).not.toContain(key);
  });
});
