import type { GeminiGenerateContentResponse } from './types.ts';

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

export function isContentFilterReason(geminiReason: string | undefined): geminiReason is string {
  return geminiReason !== undefined && CONTENT_FILTER_REASONS.has(geminiReason);
}

/** What a translated answer says when a filter stopped it before any text: an empty answer would look like a bug. */
export function filteredAnswerText(geminiReason: string): string {
  return `Gemini stopped this answer (finish reason ${geminiReason}).`;
}

/** With no candidate at all, Gemini refused the prompt itself: said so rather than answered as an empty success. */
export function blockedPromptMessage(response: GeminiGenerateContentResponse): string {
  const reason = response.promptFeedback?.blockReason ?? 'no reason given';
  const detail = response.promptFeedback?.blockReasonMessage;
  return `Gemini blocked the prompt (block reason ${reason})${detail ? `: ${detail}` : ''}. Rephrase the request or adjust safety_settings.`;
}
