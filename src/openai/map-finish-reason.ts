export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** Gemini's reasons for stopping because a filter judged the content, rather than the model finishing. */
const CONTENT_FILTER_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini's `finishReason` as OpenAI's `finish_reason`. Gemini says STOP after a function call;
 * OpenAI clients run the tools only on `tool_calls`. Reasons OpenAI has no word for
 * (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, …) become `stop`.
 */
export function mapFinishReason(geminiReason: string | undefined, hasToolCalls: boolean): OpenAIFinishReason {
  if (geminiReason === 'MAX_TOKENS') return 'length';
  if (geminiReason && CONTENT_FILTER_REASONS.has(geminiReason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

export function isContentFilterReason(geminiReason: string | undefined): boolean {
  return geminiReason !== undefined && CONTENT_FILTER_REASONS.has(geminiReason);
}
