import { describe, expect, it } from 'vitest';
import { mapFinishReason } from './map-finish-reason.ts';

describe('mapFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    [undefined, true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['SAFETY', true, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['OTHER', false, 'stop'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
  ] as const)('%s (tool calls: %s) → %s', (reason, hasToolCalls, expected) => {
    expect(mapFinishReason(reason, hasToolCalls)).toBe(expected);
  });
});
