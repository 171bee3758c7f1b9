import { isContentFilterReason } from '../../gemini/finish-reason.ts';
import type { OpenAIFinishReason } from './types.ts';

/**
 * Gemini's `finishReason` as OpenAI's `finish_reason`. Gemini says STOP after a function call;
 * OpenAI clients run the tools only on `tool_calls`. Reasons OpenAI has no word for
 * (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, …) become `stop`.
 */
export function mapFinishReason(geminiReason: string | undefined, hasToolCalls: boolean): OpenAIFinishReason {
  if (geminiReason === 'MAX_TOKENS') return 'length';
  if (isContentFilterReason(geminiReason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
