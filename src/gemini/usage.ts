import type { GeminiUsageMetadata } from './types.ts';

/** Gemini's token counts in the terms every translated API uses; each face names them its own way. */
export interface TokenUsage {
  /** The prompt, tool-use prompts included, cached tokens included. */
  readonly inputTokens: number;
  /** Of the input, what came from a context cache. */
  readonly cachedInputTokens: number;
  /** The answer, thoughts included (as OpenAI and Anthropic count them; Gemini counts them apart). */
  readonly outputTokens: number;
  /** Of the output, the thoughts. */
  readonly reasoningTokens: number;
  readonly totalTokens: number;
}

export function readUsage(usage: GeminiUsageMetadata | undefined): TokenUsage {
  const inputTokens = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const reasoningTokens = usage?.thoughtsTokenCount ?? 0;
  const outputTokens = (usage?.candidatesTokenCount ?? 0) + reasoningTokens;
  return {
    inputTokens,
    cachedInputTokens: usage?.cachedContentTokenCount ?? 0,
    outputTokens,
    reasoningTokens,
    totalTokens: usage?.totalTokenCount ?? inputTokens + outputTokens,
  };
}
