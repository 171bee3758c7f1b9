import { describe, expect, it } from 'vitest';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { convertMessagesResponse } from './convert-messages-response.ts';

const identity = { model: 'claude-opus-4-1', thinking: true };

describe('convertMessagesResponse', () => {
  it('answers with thinking, text and tool_use blocks, tool_use as the stop reason, and cached input counted apart', () => {
    const response: GeminiGenerateContentResponse = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Need the weather.', thought: true },
              { text: 'Checking.', thoughtSignature: 'VEVYVA==' },
              { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'Q0FMTA==' },
              { functionCall: { name: 'time', args: {} } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 115 },
    };
    const message = convertMessagesResponse(response, identity);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-opus-4-1', stop_reason: 'tool_use', stop_sequence: null });
    expect(message.usage).toEqual({ input_tokens: 40, output_tokens: 15, cache_creation_input_tokens: 0, cache_read_input_tokens: 60 });
    const [thinking, text, weather, time] = message.content;
    expect(thinking).toEqual({ type: 'thinking', thinking: 'Need the weather.', signature: 'gemini:VEVYVA==' });
    expect(text).toEqual({ type: 'text', text: 'Checking.' });
    expect(weather).toMatchObject({ type: 'tool_use', name: 'weather', input: { city: 'Paris' } });
    expect(signatureFromCallId(weather?.type === 'tool_use' ? weather.id : '')).toBe('Q0FMTA==');
    expect(time).toMatchObject({ type: 'tool_use', name: 'time', input: {} });
    expect(message.content).toHaveLength(4);
  });

  it.each([
    ['MAX_TOKENS', 'max_tokens'],
    ['SAFETY', 'refusal'],
    ['MALFORMED_FUNCTION_CALL', 'end_turn'],
  ])('maps finish reason %s to %s', (finishReason, stopReason) => {
    const message = convertMessagesResponse({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason }] }, identity);
    expect(message.stop_reason).toBe(stopReason);
  });

  it('says so when a filter stopped the answer before any text, or Gemini blocked the prompt', () => {
    expect(convertMessagesResponse({ candidates: [{ finishReason: 'SAFETY' }] }, identity)).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: expect.stringContaining('SAFETY') }] });
    expect(convertMessagesResponse({ promptFeedback: { blockReason: 'OTHER' } }, identity)).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: expect.stringContaining('OTHER') }] });
  });
});
