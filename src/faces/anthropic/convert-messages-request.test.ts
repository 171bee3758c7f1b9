import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config.ts';
import type { ProxyError } from '../../errors.ts';
import type { GeminiInlineData } from '../../gemini/types.ts';
import { convertMessagesRequest, convertThinking } from './convert-messages-request.ts';

const config = readConfig({});
const noDownloads = (url: string): Promise<GeminiInlineData> => Promise.reject(new Error(`unexpected download of ${url}`));
const convert = (body: unknown, fetchFile = noDownloads) => convertMessagesRequest(body, { config, fetchFile });
const claudeCodeRequest = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/claude-code/${name}`, import.meta.url), 'utf8'));

async function refusal(body: unknown): Promise<ProxyError> {
  return convert(body).then(
    () => expect.fail('the request was accepted'),
    (error: ProxyError) => error,
  );
}

describe('convertMessagesRequest', () => {
  it("takes Claude Code's first request as it is: mid-conversation system text, adaptive thinking, 2020-12 schemas", async () => {
    const converted = await convert(claudeCodeRequest('first-request.json'));
    expect(converted).toMatchObject({ model: 'gemini-3.1-pro-preview', requestedModel: 'claude-opus-4-8', stream: true, thinking: true });
    const { systemInstruction, contents, tools, generationConfig } = converted.body;
    expect(contents.map((content) => content.role)).toEqual(['user']);
    const systemTexts = systemInstruction!.parts.map((part) => part.text ?? '');
    expect(systemTexts[0]).toBe("You are a Claude agent, built on Anthropic's Claude Agent SDK.");
    expect(systemTexts.some((text) => text.includes('x-anthropic-billing-header'))).toBe(false);
    expect(systemTexts.length).toBe(3);
    expect(generationConfig).toEqual({ maxOutputTokens: 64000, thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } });
    const declarations = tools![0]!.functionDeclarations!;
    expect(declarations).toHaveLength(24);
    expect(JSON.stringify(declarations)).not.toContain('$schema');
    expect(converted.body.toolConfig).toBeUndefined();
  });

  it("takes Claude Code's tool-result request: the call and its answer as Gemini's turns", async () => {
    const { body } = await convert(claudeCodeRequest('tool-result-request.json'));
    expect(body.contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(body.contents[1]!.parts).toEqual([
      { text: 'Running it.' },
      // Not a Gemini id, on a Gemini 3 model: Google's stand-in, as gemini/thought-signature.ts does it.
      { functionCall: { name: 'Bash', args: { command: 'echo proxied-tool-ok', description: 'Print a marker' } }, thoughtSignature: 'skip_thought_signature_validator' },
    ]);
    expect(body.contents[2]!.parts).toEqual([{ functionResponse: { name: 'Bash', response: { output: 'proxied-tool-ok' } } }]);
  });

  it('puts tool results first in their turn, their images after them, and merges turns that end up next to each other', async () => {
    const png = 'iVBORw0KGgo=';
    const { body } = await convert({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'Look' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'taken' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] },
            { type: 'text', text: 'What do you see?' },
          ],
        },
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: [{ type: 'text', text: 'Quickly.', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Answer in one word.' }] });
    expect(body.contents.at(-1)).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'screenshot', response: { output: 'taken' } } },
        { inlineData: { mimeType: 'image/png', data: png } },
        { text: 'What do you see?' },
        { text: 'Quickly.' },
      ],
    });
  });

  it('puts the Gemini signature of a thinking block on the part after it, or on the last part when none follows', async () => {
    const { body } = await convert({
      model: 'gemini-2.5-pro',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 'gemini:QUFB' }, { type: 'text', text: 'Hello' }, { type: 'thinking', thinking: '', signature: 'gemini:QkJC' }] },
        { role: 'user', content: 'Again' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'xyz' }, { type: 'text', text: 'Hi' }, { type: 'thinking', thinking: '', signature: 'gemini:Q0ND' }] },
        { role: 'user', content: 'Once more' },
      ],
    });
    expect(body.contents[1]!.parts).toEqual([{ text: 'Hello', thoughtSignature: 'QUFB' }]);
    expect(body.contents[3]!.parts).toEqual([{ text: 'Hi', thoughtSignature: 'Q0ND' }]);
  });

  it('fetches url sources with the fetcher of the request', async () => {
    const fetched: string[] = [];
    const { body } = await convert(
      { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://images.example/cat.png' } }, { type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }] }] },
      (url) => {
        fetched.push(url);
        return Promise.resolve({ mimeType: url.endsWith('.pdf') ? 'application/pdf' : 'image/png', data: 'AAAA' });
      },
    );
    expect(fetched).toEqual(['https://images.example/cat.png', 'https://docs.example/a.pdf']);
    expect(body.contents[0]!.parts).toEqual([{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { inlineData: { mimeType: 'application/pdf', data: 'AAAA' } }]);
  });

  it('maps sampling, stop sequences, tool_choice, web search and structured output', async () => {
    const { body } = await convert({
      model: 'claude-haiku-4-5',
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f'],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      tool_choice: { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
      output_config: { effort: 'low', format: { type: 'json_schema', schema: { $schema: 'x', type: 'object', properties: { title: { type: 'string' } } } } },
      context_management: { edits: [] },
      messages: [{ role: 'user', content: 'Title?' }],
    });
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 300,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { title: { type: 'string' } } },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: false },
    });
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'lookup' }] }]);
    const search = await convert({ model: 'gemini-2.5-flash', tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'News?' }] });
    expect(search.body.tools).toEqual([{ googleSearch: {} }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['lookup'] } });
  });

  it.each([
    [{ model: 'x', messages: [] }, 'messages'],
    [{ messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
    [{ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_unknown', content: 'x' }] }] }, 'messages[0].content[0].tool_use_id'],
    [{ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }] }, 'messages[0].content[0].source'],
    [{ messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'bash_20250124', name: 'bash' }] }, 'tools[0].type'],
    [{ messages: [{ role: 'user', content: 'hi' }], max_tokens: '10' }, 'max_tokens'],
  ])('refuses %j, naming %s', async (body, param) => {
    const error = await refusal(body);
    expect(error.status).toBe(400);
    expect(error.options.param).toBe(param);
  });
});

describe('convertThinking', () => {
  it.each([
    [{ type: 'enabled', budget_tokens: 31999 }, undefined, 'gemini-2.5-flash', { thinkingBudget: 24576, includeThoughts: true }],
    [{ type: 'enabled', budget_tokens: 50 }, undefined, 'gemini-2.5-pro', { thinkingBudget: 128, includeThoughts: true }],
    [{ type: 'enabled', budget_tokens: 2048 }, undefined, 'gemini-3-pro-preview', { thinkingLevel: 'low', includeThoughts: true }],
    [{ type: 'adaptive' }, undefined, 'gemini-2.5-flash', { thinkingBudget: -1, includeThoughts: true }],
    [{ type: 'adaptive' }, 'max', 'gemini-3-flash-preview', { thinkingLevel: 'high', includeThoughts: true }],
    [{ type: 'disabled' }, undefined, 'gemini-3-flash-preview', { thinkingLevel: 'minimal', includeThoughts: false }],
    [{ type: 'disabled' }, undefined, 'gemini-2.5-flash', { thinkingBudget: 0 }],
    [undefined, undefined, 'gemini-2.5-flash', undefined],
  ])('%j with effort %j on %s', (thinking, effort, model, expected) => {
    expect(convertThinking(thinking, effort, model)).toEqual(expected);
  });
});
