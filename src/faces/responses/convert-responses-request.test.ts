import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors.ts';
import { createCallId, SKIP_SIGNATURE_VALIDATOR } from '../../gemini/thought-signature.ts';
import { convertResponsesRequest } from './convert-responses-request.ts';
import { encryptedContentFor } from './reasoning-signature.ts';

const noDownloads = () => Promise.reject(new Error('no download expected'));
const convert = (body: Record<string, unknown>) => convertResponsesRequest({ model: 'gemini-2.5-flash', ...body }, { defaultModel: 'gemini-2.5-flash', fetchFile: noDownloads });

async function refusal(body: Record<string, unknown>): Promise<ProxyError> {
  const error = await convert(body).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProxyError);
  expect((error as ProxyError).status).toBe(400);
  return error as ProxyError;
}

describe('convertResponsesRequest', () => {
  it('takes a string input, instructions and developer messages as the system instruction, and the sampling fields', async () => {
    const { body, stream, model } = await convert({ input: 'Hi', instructions: 'Be brief.', temperature: 0.2, top_p: 0.9, max_output_tokens: 100, stream: true, store: true, metadata: { a: 'b' }, prompt_cache_key: 'x' });
    expect({ model, stream }).toEqual({ model: 'gemini-2.5-flash', stream: true });
    expect(body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 100 },
    });
    const listed = await convert({ input: [{ role: 'developer', content: 'Rules' }, { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'More' }] }, { role: 'user', content: 'Hi' }] });
    expect(listed.body.systemInstruction).toEqual({ parts: [{ text: 'Rules' }, { text: 'More' }] });
  });

  it('refuses a request without input, and one that names stored state, before anything goes upstream', async () => {
    expect((await refusal({})).options.param).toBe('input');
    const stored = await refusal({ input: 'Hi', previous_response_id: 'resp_1' });
    expect(stored.message).toMatch(/keeps no state.*whole conversation/);
    expect(stored.code).toBe('stateless_proxy');
    expect((await refusal({ input: 'Hi', conversation: 'conv_1' })).options.param).toBe('conversation');
  });

  it('joins the model side of a step into one turn and the tool outputs into the next, signatures restored from the call id', async () => {
    const callId = createCallId('call', 'c2lnbmF0dXJl');
    const { body } = await convert({
      model: 'gemini-3-pro-preview',
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] },
        { type: 'function_call', call_id: callId, name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_other', name: 'time', arguments: '' },
        { type: 'function_call_output', call_id: callId, output: '{"temp":18}' },
        { type: 'function_call_output', call_id: 'call_other', output: 'noon' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        { type: 'item_reference', id: 'msg_1' },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather?' }] },
      {
        role: 'model',
        parts: [{ text: 'Looking.' }, { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnbmF0dXJl' }, { functionCall: { name: 'time', args: {} } }],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temp: 18 } } }, { functionResponse: { name: 'time', response: { result: 'noon' } } }] },
    ]);
  });

  it('gives the signature of our reasoning item to the next call; encrypted reasoning from OpenAI is dropped', async () => {
    const input = (encrypted: string) => [
      { role: 'user', content: 'Go' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking' }], encrypted_content: encrypted },
      { type: 'function_call', call_id: 'call_plain', name: 'run', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_plain', output: 'ok' },
    ];
    const ours = await convert({ model: 'gemini-3-flash-preview', input: input(encryptedContentFor('b3Vycw==')) });
    expect(ours.body.contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'run', args: {} }, thoughtSignature: 'b3Vycw==' }] });
    const openai = await convert({ model: 'gemini-3-flash-preview', input: input('gAAAAABopenai-encrypted') });
    expect(openai.body.contents[1]!.parts[0]!.thoughtSignature).toBe(SKIP_SIGNATURE_VALIDATOR);
  });

  it('replays custom tool calls, local shell calls and namespaced calls under the names Gemini was given', async () => {
    const { body } = await convert({
      input: [
        { role: 'user', content: 'Patch it' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'local_shell_call', id: 'lsh_1', call_id: 'c2', status: 'completed', action: { type: 'exec', command: ['ls'], working_directory: '/tmp', env: {} } },
        { type: 'function_call', call_id: 'c3', name: 'close_agent', namespace: 'multi_agent_v1', arguments: '{"target":"a"}' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'a.txt' }] },
        { type: 'function_call_output', call_id: 'c3', output: 'closed' },
        { type: 'function_call_output', call_id: 'c_unknown', output: 'orphan' },
      ],
    });
    expect(body.contents[1]!.parts.map((part) => part.functionCall)).toEqual([
      { name: 'apply_patch', args: { input: '*** Begin Patch' } },
      { name: 'local_shell', args: { command: ['ls'], workdir: '/tmp' } },
      { name: 'multi_agent_v1__close_agent', args: { target: 'a' } },
    ]);
    expect(body.contents[2]!.parts).toEqual([
      { functionResponse: { name: 'apply_patch', response: { result: 'Done' } } },
      { functionResponse: { name: 'local_shell', response: { result: 'a.txt' } } },
      { functionResponse: { name: 'multi_agent_v1__close_agent', response: { result: 'closed' } } },
      { text: 'Output of tool call c_unknown:\norphan' },
    ]);
  });

  it('takes images and files inline, and refuses a file_id with a reason', async () => {
    const { body } = await convert({
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }, { type: 'input_file', filename: 'a.pdf', file_data: 'JVBERi0=' }] }],
    });
    expect(body.contents[0]!.parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }]);
    const error = await refusal({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] });
    expect(error.message).toMatch(/file_id names a file uploaded to OpenAI/);
  });

  it('declares function, custom, local_shell and namespace tools; a web search only when no function is declared', async () => {
    const { body, toolNames } = await convert({
      input: 'Hi',
      tools: [
        { type: 'function', name: 'exec_command', description: 'Run', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false } },
        { type: 'custom', name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'local_shell' },
        { type: 'namespace', name: 'multi_agent_v1', description: 'Agents', tools: [{ type: 'function', name: 'close_agent', parameters: { type: 'object', properties: {} } }] },
        { type: 'web_search', external_web_access: true },
        { type: 'tool_search', execution: 'client', description: 'Find more tools', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
      ],
      tool_choice: 'auto',
    });
    const declarations = body.tools?.[0]?.functionDeclarations ?? [];
    expect(body.tools).toHaveLength(1);
    expect(declarations.map((declaration) => declaration.name)).toEqual(['exec_command', 'apply_patch', 'local_shell', 'multi_agent_v1__close_agent']);
    expect(declarations[0]!.parametersJsonSchema).toEqual({ type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false });
    expect(declarations[1]!.description).toContain('lark grammar:\nstart: "x"');
    expect(declarations[3]!.parametersJsonSchema).toBeUndefined();
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(toolNames.get('multi_agent_v1__close_agent')).toEqual({ kind: 'function', name: 'close_agent', namespace: 'multi_agent_v1' });
    expect(toolNames.get('apply_patch')?.kind).toBe('custom');

    const searchOnly = await convert({ input: 'News?', tools: [{ type: 'web_search_preview' }] });
    expect(searchOnly.body.tools).toEqual([{ googleSearch: {} }]);
    const named = await convert({ input: 'Hi', tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'function', name: 'f' } });
    expect(named.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } });
    expect((await refusal({ input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] })).message).toMatch(/type "file_search"/);
  });

  it('maps text.format and reasoning (effort with the chat table, summary asks for thoughts)', async () => {
    const schema = { $schema: 'x', type: 'object', properties: { a: { type: 'string' } } };
    const json = await convert({ input: 'Hi', text: { format: { type: 'json_schema', name: 'out', schema, strict: true } } });
    expect(json.body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } } });
    expect((await convert({ input: 'Hi', reasoning: { effort: 'low' } })).body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024 } });
    expect((await convert({ input: 'Hi', reasoning: { effort: 'high', summary: 'auto' }, model: 'gemini-3-flash-preview' })).body.generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } });
    expect((await convert({ input: 'Hi', reasoning: { summary: 'auto' } })).body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
    expect((await refusal({ input: 'Hi', reasoning: { effort: 'max' } })).options.param).toBe('reasoning.effort');
    const { includeEncryptedReasoning } = await convert({ input: 'Hi', include: ['reasoning.encrypted_content'] });
    expect(includeEncryptedReasoning).toBe(true);
  });

  it('converts what Codex CLI sends: developer messages as the system instruction, its tools flattened, the web search left out', async () => {
    const recorded = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/codex/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    const first = await convert(recorded('first-request.json'));
    expect(first.stream).toBe(true);
    expect(first.body.systemInstruction?.parts[0]?.text).toMatch(/^You are a coding agent running in the Codex CLI/);
    expect(first.body.contents.map((content) => content.role)).toEqual(['user']);
    expect(first.body.contents[0]!.parts.at(-1)!.text).toContain('echo proxied-tool-ok');
    const names = first.body.tools?.[0]?.functionDeclarations?.map((declaration) => declaration.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['exec_command', 'write_stdin', 'multi_agent_v1__spawn_agent', 'multi_agent_v1__close_agent']));
    expect(first.body.tools).toHaveLength(1);
    expect(first.body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
    expect(first.includeEncryptedReasoning).toBe(true);

    const second = await convert(recorded('tool-output-request.json'));
    expect(second.body.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'exec_command', args: { cmd: 'echo proxied-tool-ok' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'exec_command', response: { result: expect.stringContaining('Output:\nproxied-tool-ok') } } }] },
    ]);
  });
});
