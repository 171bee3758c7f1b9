import { describe, expect, it, vi } from 'vitest';
import { convertChatRequest, type ConvertChatRequestOptions } from './convert-chat-request.ts';
import { DEFAULT_CHAT_MODEL, readConfig } from '../../config.ts';
import { ProxyError } from '../../errors.ts';
import { createToolCallId } from './tool-call-signature.ts';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const SIGNATURE = 'Eqo+Cqc+Ab4+9vtgONaaz6qwy6WXdp7gCd2w0X+Wz2gaBgY0Gv6A12JKo0y5vQwf9YQFyhMbKr1E9m17VT6HXd7jXzjaGYaE';

function options(overrides: Partial<ConvertChatRequestOptions> = {}): ConvertChatRequestOptions {
  return { defaultModel: DEFAULT_CHAT_MODEL, fetchFile: vi.fn(async () => ({ mimeType: 'image/jpeg', data: 'AAAA' })), ...overrides };
}

function convert(body: Record<string, unknown>, overrides: Partial<ConvertChatRequestOptions> = {}) {
  return convertChatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], ...body }, options(overrides));
}

async function rejection(body: unknown): Promise<ProxyError> {
  const error = await convertChatRequest(body, options()).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

describe('messages', () => {
  it('system and developer messages become the system instruction; user and assistant the turns', async () => {
    const { body } = await convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
      ],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Bonjour' }] },
      { role: 'user', parts: [{ text: 'How are you?' }] },
    ]);
  });

  it('assistant tool calls become functionCall parts with the thought signature restored from the id', async () => {
    const id = createToolCallId(SIGNATURE);
    const plainId = createToolCallId();
    const { body } = await convert({
      model: 'gemini-3-pro-preview',
      messages: [
        { role: 'user', content: 'Weather in SF and Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id, type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } },
            { id: plainId, type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: id, content: '{"temperature":18}' },
        { role: 'tool', tool_call_id: plainId, content: 'sunny' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in SF and Paris?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: SIGNATURE },
          { functionCall: { name: 'weather', args: { location: 'Paris' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temperature: 18 } } },
          { functionResponse: { name: 'weather', response: { result: 'sunny' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('takes the signature from extra_content.google first (an id rewritten by the client still works)', async () => {
    const { body } = await convert({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [{ id: 'client-made-id', type: 'function', function: { name: 'f', arguments: '' }, extra_content: { google: { thought_signature: SIGNATURE } } }],
        },
        { role: 'tool', tool_call_id: 'client-made-id', content: [{ type: 'text', text: '[1,2]' }] },
      ],
    });
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Let me check.' }, { functionCall: { name: 'f', args: {} }, thoughtSignature: SIGNATURE }],
    });
    expect(body.contents[2]?.parts[0]).toEqual({ functionResponse: { name: 'f', response: { result: [1, 2] } } });
  });

  it('user content parts: image data URL, image http URL (fetched), input_audio, file', async () => {
    const fetchFile = vi.fn(async () => ({ mimeType: 'image/jpeg', data: '/9j/4AAQ' }));
    const { body } = await convert(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
              { type: 'file', file: { file_data: 'JVBERi0=', filename: 'report.PDF' } },
            ],
          },
        ],
      },
      { fetchFile },
    );
    expect(fetchFile).toHaveBeenCalledWith('https://example.com/cat.jpg');
    expect(body.contents[0]?.parts).toEqual([
      { text: 'What is in these?' },
      { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it('leaves out messages that end up empty (Gemini refuses a turn without parts)', async () => {
    const { body } = await convert({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }, { role: 'system', content: '' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
    expect(body.systemInstruction).toBeUndefined();
  });
});

describe('malformed requests are refused with a 400 that says what is wrong', () => {
  it.each([
    ['a body that is not an object', [], 'JSON object'],
    ['messages not a list', { model: 'gemini-2.5-flash', messages: 'Hi' }, 'messages must be a non-empty list'],
    ['an empty messages list', { messages: [] }, 'messages must be a non-empty list'],
    ['an unknown role', { messages: [{ role: 'wizard', content: 'Hi' }] }, 'messages[0].role "wizard" is not supported'],
    ['only a system message', { messages: [{ role: 'system', content: 'Be kind' }] }, 'no user or assistant message'],
    ['bad image data', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@' } }] }] }, 'messages[0].content[0].image_url.url is not a valid base64 data URL'],
    ['an image URL of another scheme', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }, 'must be a data: URL'],
    ['an unknown content part', { messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] }, 'has type "video"'],
    ['a file by OpenAI file_id', { messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] }, 'file_id refers to an OpenAI upload'],
    ['a tool message without a matching call', { messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', tool_call_id: 'call_x', content: '1' }] }, 'no earlier assistant message has a tool call with that id'],
    [
      'unparseable function arguments',
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }] },
      'messages[1].tool_calls[0].function.arguments is not valid JSON',
    ],
    ['an unsupported response_format', { messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'yaml' } }, 'response_format type "yaml" is not supported'],
    ['a json_schema without schema', { messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'json_schema', json_schema: { name: 'x' } } }, 'json_schema.schema is missing'],
    ['a temperature that is not a number', { messages: [{ role: 'user', content: 'Hi' }], temperature: 'hot' }, 'temperature must be a number'],
    ['an unknown reasoning_effort', { messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'extreme' }, 'reasoning_effort must be one of'],
  ])('%s', async (_name, body, expected) => {
    const error = await rejection(body);
    expect(error.status).toBe(400);
    expect(error.message).toContain(expected);
  });

  it('names the offending parameter', async () => {
    expect((await rejection({ messages: [{ role: 'user', content: 'Hi' }], stop: 5 })).options.param).toBe('stop');
  });
});

describe('model', () => {
  it.each([
    ['gemini-2.5-pro', undefined, 'gemini-2.5-pro', false],
    ['models/gemini-2.0-flash', undefined, 'gemini-2.0-flash', false],
    ['gemma-3-27b-it', undefined, 'gemma-3-27b-it', false],
    ['learnlm-2.0-flash-experimental', undefined, 'learnlm-2.0-flash-experimental', false],
    ['gpt-4o', undefined, 'gemini-2.5-flash', false],
    ['gpt-4o', 'gemini-3-pro-preview', 'gemini-3-pro-preview', false],
    [undefined, 'models/gemini-2.5-flash-lite', 'gemini-2.5-flash-lite', false],
    ['gemini-2.5-flash:search', undefined, 'gemini-2.5-flash', true],
    ['gemini-2.5-pro-search', undefined, 'gemini-2.5-pro', true],
  ])('%s (DEFAULT_MODEL %s) → %s, search %s', async (model, defaultModel, expected, search) => {
    const converted = await convert({ model }, { defaultModel: readConfig({ DEFAULT_MODEL: defaultModel }).defaultModel });
    expect(converted.model).toBe(expected);
    expect(converted.body.tools).toEqual(search ? [{ googleSearch: {} }] : undefined);
  });

  it('refuses a Gemini-looking name that would not be one path segment', async () => {
    expect((await rejection({ model: 'gemini-2.5-flash/../../files', messages: [{ role: 'user', content: 'Hi' }] })).options.param).toBe('model');
  });
});

describe('generation parameters', () => {
  it('maps sampling, length, stop, n and seed', async () => {
    const { body } = await convert({ temperature: 0.2, top_p: 0.9, max_tokens: 100, stop: 'END', n: 2, seed: 42 });
    expect(body.generationConfig).toEqual({ temperature: 0.2, topP: 0.9, maxOutputTokens: 100, stopSequences: ['END'], candidateCount: 2, seed: 42 });
  });

  it('prefers max_completion_tokens over max_tokens and takes a stop list', async () => {
    const { body } = await convert({ max_tokens: 100, max_completion_tokens: 200, stop: ['a', 'b'] });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 200, stopSequences: ['a', 'b'] });
  });

  it('sends penalties only when they are not 0 (some models refuse any penalty)', async () => {
    expect((await convert({ presence_penalty: 0, frequency_penalty: 0 })).body.generationConfig).toBeUndefined();
    expect((await convert({ presence_penalty: 0.5, frequency_penalty: -0.5 })).body.generationConfig).toEqual({ presencePenalty: 0.5, frequencyPenalty: -0.5 });
  });

  it('response_format json_object and json_schema (schema adjusted for Gemini)', async () => {
    expect((await convert({ response_format: { type: 'text' } })).body.generationConfig).toBeUndefined();
    expect((await convert({ response_format: { type: 'json_object' } })).body.generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    const { body } = await convert({ response_format: { type: 'json_schema', json_schema: { name: 'city', strict: true, schema } } });
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    });
  });

  it('stream and stream_options.include_usage', async () => {
    expect(await convert({ stream: true, stream_options: { include_usage: true } })).toMatchObject({ stream: true, includeUsage: true });
    expect(await convert({})).toMatchObject({ stream: false, includeUsage: false });
  });
});

describe('thinking', () => {
  it.each([
    ['gemini-2.5-flash', 'low', { thinkingBudget: 1024, includeThoughts: true }],
    ['gemini-2.5-flash', 'medium', { thinkingBudget: 8192, includeThoughts: true }],
    ['gemini-2.5-flash', 'high', { thinkingBudget: 24576, includeThoughts: true }],
    ['gemini-2.5-flash', 'none', { thinkingBudget: 0 }],
    ['gemini-2.5-pro', 'none', { thinkingBudget: 128 }],
    ['gemini-3-pro-preview', 'high', { thinkingLevel: 'high', includeThoughts: true }],
    ['gemini-3-pro-preview', 'medium', { thinkingLevel: 'high', includeThoughts: true }],
    ['gemini-3-pro-preview', 'minimal', { thinkingLevel: 'low', includeThoughts: true }],
    ['gemini-3-flash-preview', 'minimal', { thinkingLevel: 'minimal', includeThoughts: true }],
    ['gemini-3-flash-preview', 'medium', { thinkingLevel: 'medium', includeThoughts: true }],
  ])('%s with reasoning_effort %s', async (model, reasoningEffort, thinkingConfig) => {
    const { body } = await convert({ model, reasoning_effort: reasoningEffort });
    expect(body.generationConfig?.thinkingConfig).toEqual(thinkingConfig);
  });

  it('Google thinking_config (top level or under extra_body) wins over reasoning_effort', async () => {
    const topLevel = await convert({ reasoning_effort: 'high', google: { thinking_config: { thinking_budget: 800, include_thoughts: true } } });
    expect(topLevel.body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 800, includeThoughts: true });
    const nested = await convert({ extra_body: { google: { thinking_config: { thinking_level: 'low' } } } });
    expect(nested.body.generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'low' });
  });

  it('safety_settings and cached_content from the Google extension', async () => {
    const settings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }];
    const { body } = await convert({ extra_body: { google: { safety_settings: settings, cached_content: 'cachedContents/abc' } } });
    expect(body.safetySettings).toEqual(settings);
    expect(body.cachedContent).toBe('cachedContents/abc');
  });
});

describe('tools', () => {
  const weather = { type: 'function', function: { name: 'weather', description: 'Weather at a place', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };

  it('functions become functionDeclarations with a JSON schema; tool_choice becomes functionCallingConfig', async () => {
    const { body } = await convert({ tools: [weather], tool_choice: { type: 'function', function: { name: 'weather' } } });
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'weather', description: 'Weather at a place', parametersJsonSchema: weather.function.parameters }] },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
  });

  it.each([
    ['none', 'NONE'],
    ['auto', 'AUTO'],
    ['required', 'ANY'],
  ])('tool_choice %s → %s', async (toolChoice, mode) => {
    expect((await convert({ tools: [weather], tool_choice: toolChoice })).body.toolConfig).toEqual({ functionCallingConfig: { mode } });
  });

  it('a googleSearch function tool, a web_search tool or web_search_options ask for Google Search', async () => {
    const byFunction = await convert({ tools: [weather, { type: 'function', function: { name: 'googleSearch' } }] });
    expect(byFunction.body.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'weather' })] }, { googleSearch: {} }]);
    expect((await convert({ tools: [{ type: 'web_search' }] })).body.tools).toEqual([{ googleSearch: {} }]);
    expect((await convert({ web_search_options: {} })).body.tools).toEqual([{ googleSearch: {} }]);
  });

  it('refuses an unknown tool type and a malformed tool_choice', async () => {
    expect((await rejection({ messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'code_interpreter' }] })).message).toContain('only "function" tools');
    expect((await rejection({ messages: [{ role: 'user', content: 'Hi' }], tools: [weather], tool_choice: 'sometimes' })).options.param).toBe('tool_choice');
  });
});
