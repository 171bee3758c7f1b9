import { describe, expect, it } from 'vitest';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { convertResponsesResponse, type ResponseOptions } from './convert-responses-response.ts';
import type { ToolNames } from './convert-responses-tools.ts';
import { signatureOfEncryptedContent } from './reasoning-signature.ts';

const toolNames: ToolNames = new Map([
  ['apply_patch', { kind: 'custom', name: 'apply_patch' }],
  ['local_shell', { kind: 'local_shell', name: 'local_shell' }],
  ['multi_agent_v1__close_agent', { kind: 'function', name: 'close_agent', namespace: 'multi_agent_v1' }],
]);
const OPTIONS: ResponseOptions = { model: 'gemini-3-pro-preview', toolNames, includeEncryptedReasoning: true, parallelToolCalls: true, createdAt: 1700000000 };

function answer(parts: unknown[], finishReason = 'STOP', extra: Record<string, unknown> = {}): GeminiGenerateContentResponse {
  return { candidates: [{ content: { role: 'model', parts: parts as never }, finishReason, ...extra }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 20, cachedContentTokenCount: 4, totalTokenCount: 35 }, modelVersion: 'gemini-3-pro-preview' };
}

describe('convertResponsesResponse', () => {
  it('answers text as a completed message with output_text and usage in Responses terms', () => {
    const response = convertResponsesResponse(answer([{ text: 'Hello ' }, { text: 'there.' }]), OPTIONS);
    expect(response).toMatchObject({ object: 'response', created_at: 1700000000, status: 'completed', model: 'gemini-3-pro-preview', output_text: 'Hello there.', error: null, incomplete_details: null });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output).toEqual([
      { type: 'message', id: expect.stringMatching(/^msg_/), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there.', annotations: [] }] },
    ]);
    expect(response.usage).toEqual({ input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 25, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 35 });
  });

  it('answers thoughts as a reasoning item whose encrypted_content, like the call id, carries the signature of the call after it', () => {
    const response = convertResponsesResponse(answer([{ text: 'Need the weather.', thought: true }, { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' }]), OPTIONS);
    const [reasoning, call] = response.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the weather.' }] });
    expect(reasoning?.type === 'reasoning' && signatureOfEncryptedContent(reasoning.encrypted_content)).toBe('c2ln');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(call?.type === 'function_call' && signatureFromCallId(call.call_id)).toBe('c2ln');

    const withoutThoughts = convertResponsesResponse(answer([{ functionCall: { name: 'weather', args: {} }, thoughtSignature: 'c2ln' }]), OPTIONS);
    expect(withoutThoughts.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const notAsked = convertResponsesResponse(answer([{ text: 'Hmm.', thought: true }, { functionCall: { name: 'weather', args: {} }, thoughtSignature: 'c2ln' }]), { ...OPTIONS, includeEncryptedReasoning: false });
    expect(notAsked.output[0]).not.toHaveProperty('encrypted_content');
  });

  it('answers calls of custom, local_shell and namespaced tools as the client declared them', () => {
    const response = convertResponsesResponse(
      answer([
        { functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch\n' } } },
        { functionCall: { name: 'local_shell', args: { command: ['ls', '-l'], workdir: '/src' } } },
        { functionCall: { name: 'multi_agent_v1__close_agent', args: { target: 'a1' } } },
      ]),
      { ...OPTIONS, model: 'gemini-2.5-flash' },
    );
    expect(response.output).toMatchObject([
      { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n' },
      { type: 'local_shell_call', status: 'completed', action: { type: 'exec', command: ['ls', '-l'], working_directory: '/src', env: {} } },
      { type: 'function_call', name: 'close_agent', namespace: 'multi_agent_v1', arguments: '{"target":"a1"}' },
    ]);
  });

  it('is incomplete when the answer hit max tokens or a filter, and says why when Gemini stopped with nothing to show', () => {
    expect(convertResponsesResponse(answer([{ text: 'Partial' }], 'MAX_TOKENS'), OPTIONS)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output_text: 'Partial' });
    const filtered = convertResponsesResponse(answer([], 'SAFETY'), OPTIONS);
    expect(filtered).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
    expect(filtered.output_text).toMatch(/finish reason SAFETY/);
    const malformed = convertResponsesResponse(answer([], 'MALFORMED_FUNCTION_CALL'), OPTIONS);
    expect(malformed).toMatchObject({ status: 'completed', output_text: expect.stringMatching(/finish reason MALFORMED_FUNCTION_CALL/) });
    expect(convertResponsesResponse(answer([], 'STOP'), OPTIONS).output).toEqual([]);
    const blocked = convertResponsesResponse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, OPTIONS);
    expect(blocked).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
    expect(blocked.output_text).toMatch(/blocked the prompt \(block reason PROHIBITED_CONTENT\)/);
  });

  it('turns search grounding into url_citation annotations at character offsets', () => {
    const text = 'Café prices rose. Rents too.';
    const grounding = {
      groundingChunks: [{ web: { uri: 'https://a.example', title: 'A' } }, { web: { uri: 'https://b.example', title: 'B' } }],
      groundingSupports: [{ segment: { endIndex: 18 }, groundingChunkIndices: [0] }, { segment: { startIndex: 19, endIndex: 30 }, groundingChunkIndices: [1] }],
    };
    const response = convertResponsesResponse(answer([{ text }], 'STOP', { groundingMetadata: grounding }), OPTIONS);
    const content = response.output[0]?.type === 'message' ? response.output[0].content[0] : undefined;
    expect(content?.type === 'output_text' && content.annotations).toEqual([
      { type: 'url_citation', url: 'https://a.example', title: 'A', start_index: 0, end_index: 17 },
      { type: 'url_citation', url: 'https://b.example', title: 'B', start_index: 18, end_index: 28 },
    ]);
  });
});
