import type { GeminiThinkingConfig } from './types.ts';

/** Thinking budgets for models that take a budget (Gemini 2.5), by OpenAI reasoning effort. */
const THINKING_BUDGETS: Record<string, number> = { minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 24576 };
/** The reasoning efforts OpenAI's APIs know (`reasoning_effort`, `reasoning.effort`). */
export const REASONING_EFFORTS: ReadonlySet<string> = new Set(['none', ...Object.keys(THINKING_BUDGETS)]);

/**
 * An OpenAI reasoning effort (one of REASONING_EFFORTS) as Gemini's thinking configuration: a level for
 * Gemini 3, a budget for earlier models. Any effort but `none` also asks for the thought summaries.
 */
export function thinkingForEffort(reasoningEffort: string, model: string): GeminiThinkingConfig {
  const includeThoughts = reasoningEffort !== 'none';
  if (/^gemini-3/.test(model)) return { thinkingLevel: thinkingLevelFor(reasoningEffort, model), includeThoughts };
  if (reasoningEffort === 'none') return { thinkingBudget: model.includes('pro') ? 128 : 0 };
  return { thinkingBudget: THINKING_BUDGETS[reasoningEffort], includeThoughts };
}

/** Gemini 3 thinks always; Flash models know `minimal` and `medium`, Pro models only `low` and `high`. */
function thinkingLevelFor(reasoningEffort: string, model: string): string {
  const isFlash = model.includes('flash');
  if (reasoningEffort === 'none' || reasoningEffort === 'minimal') return isFlash ? 'minimal' : 'low';
  if (reasoningEffort === 'medium') return isFlash ? 'medium' : 'high';
  return reasoningEffort === 'low' ? 'low' : 'high';
}
