import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertChatResponse } from './convert-chat-response.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { signatureFromToolCallId } from './tool-call-signature.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);

function recorded(name: string): GeminiGenerateContentResponse {
  return JSON.parse(readFileSync(new URL(`${name}.json`, RECORDINGS), 'utf8')) as GeminiGenerateContentResponse;
}

describe('convertChatResponse', () => {
  it('google-text.json: a chat.completion with the text, stop and usage with reasoning tokens', () => {
    expect(convertChatResponse(recorded('google-text'), { model: 'gemini-3-pro-preview', created: 1700000000 })).toEqual({
      id: 'chatcmpl-Un6LacrVMcjUxs0PmJfWoQc',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-3-pro-preview',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 9, completion_tokens: 28 + 244, total_tokens: 281, completion_tokens_details: { reasoning_tokens: 244 } },
    });
  });

  it('google-reasoning.json: usage counts the thinking tokens as completion tokens', () => {
    const completion = convertChatResponse(recorded('google-reasoning'), { model: 'x' });
    expect(completion.usage).toEqual({ prompt_tokens: 9, completion_tokens: 311, total_tokens: 320, completion_tokens_details: { reasoning_tokens: 282 } });
    expect(completion.model).toBe('gemini-3-pro-preview');
  });

  it('google-tool-call-gemini3.json: a tool call with the thought signature in extra_content and in the id', () => {
    const response = recorded('google-tool-call-gemini3');
    const signature = response.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature;
    const choice = convertChatResponse(response, { model: 'x' }).choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_[A-Za-z0-9]+_ts_[A-Za-z0-9_-]+$/),
        type: 'function',
        function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
        extra_content: { google: { thought_signature: signature } },
      },
    ]);
    expect(signatureFromToolCallId(choice?.message.tool_calls?.[0]?.id ?? '')).toBe(signature);
  });

  it('thought parts become reasoning_content, never content', () => {
    const response: GeminiGenerateContentResponse = {
      candidates: [{ content: { parts: [{ text: 'Let me count.', thought: true }, { text: 'Three.' }] }, finishReason: 'STOP' }],
    };
    expect(convertChatResponse(response, { model: 'gemini-2.5-flash' }).choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Three.',
      reasoning_content: 'Let me count.',
    });
  });

  it('a blocked prompt is a content_filter answer with a message, not an empty success', () => {
    const response: GeminiGenerateContentResponse = { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } };
    const choice = convertChatResponse(response, { model: 'gemini-2.5-flash' }).choices[0];
    expect(choice?.finish_reason).toBe('content_filter');
    expect(choice?.message.content).toContain('blocked the prompt (block reason SAFETY)');
    expect(choice?.message.refusal).toBe(choice?.message.content);
  });

  it('an answer stopped by a filter without text says so; MAX_TOKENS is length', () => {
    const response: GeminiGenerateContentResponse = {
      candidates: [
        { index: 0, content: { parts: [] }, finishReason: 'RECITATION' },
        { index: 1, content: { parts: [{ text: 'Once upon' }] }, finishReason: 'MAX_TOKENS' },
      ],
    };
    const [filtered, truncated] = convertChatResponse(response, { model: 'gemini-2.5-flash' }).choices;
    expect(filtered).toMatchObject({ index: 0, finish_reason: 'content_filter', message: { content: expect.stringContaining('RECITATION') } });
    expect(truncated).toMatchObject({ index: 1, finish_reason: 'length', message: { content: 'Once upon' } });
  });

  it('a generated image becomes a Markdown data URL in the content', () => {
    const response: GeminiGenerateContentResponse = { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBO' } }] }, finishReason: 'STOP' }] };
    expect(convertChatResponse(response, { model: 'x' }).choices[0]?.message.content).toBe('![image](data:image/png;base64,iVBO)');
  });
});
