import type { GeminiCandidate, GeminiGenerateContentResponse, GeminiPart, GeminiUsageMetadata } from './gemini-types.ts';
import { isContentFilterReason, mapFinishReason, type OpenAIFinishReason } from './map-finish-reason.ts';
import { createToolCallId, extraContentFor, type GoogleExtraContent } from './thought-signature.ts';

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: GoogleExtraContent;
}

export interface OpenAIChatMessage {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string;
  tool_calls?: OpenAIToolCall[];
  refusal?: string;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{ index: number; message: OpenAIChatMessage; logprobs: null; finish_reason: OpenAIFinishReason }>;
  usage: OpenAIUsage;
}

export interface ResponseIdentity {
  /** The Gemini model that answered, reported as `model`. */
  readonly model: string;
  /** Unix seconds; defaults to now. */
  readonly created?: number;
}

/** A Gemini generateContent response as an OpenAI `chat.completion`. */
export function convertChatResponse(response: GeminiGenerateContentResponse, identity: ResponseIdentity): OpenAIChatCompletion {
  const candidates = response.candidates ?? [];
  const choices = candidates.length > 0 ? candidates.map(convertCandidate) : [blockedPromptChoice(response)];
  return {
    id: completionId(response.responseId),
    object: 'chat.completion',
    created: identity.created ?? nowInSeconds(),
    model: response.modelVersion ?? identity.model,
    choices,
    usage: convertUsage(response.usageMetadata),
  };
}

function convertCandidate(candidate: GeminiCandidate, position: number): OpenAIChatCompletion['choices'][number] {
  const parts = candidate.content?.parts ?? [];
  const toolCalls = parts.filter((part) => part.functionCall).map(convertFunctionCallPart);
  const content = contentText(parts);
  const reasoning = parts.filter((part) => part.thought && part.text).map((part) => part.text).join('');
  const message: OpenAIChatMessage = { role: 'assistant', content: content || (toolCalls.length > 0 ? null : '') };
  if (!content && isContentFilterReason(candidate.finishReason)) {
    message.content = `Gemini stopped this answer (finish reason ${candidate.finishReason}).`;
  }
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return { index: candidate.index ?? position, message, logprobs: null, finish_reason: mapFinishReason(candidate.finishReason, toolCalls.length > 0) };
}

/** With no candidate at all, Gemini refused the prompt itself: say so rather than answer an empty success. */
function blockedPromptChoice(response: GeminiGenerateContentResponse): OpenAIChatCompletion['choices'][number] {
  const message = blockedPromptMessage(response);
  return { index: 0, message: { role: 'assistant', content: message, refusal: message }, logprobs: null, finish_reason: 'content_filter' };
}

export function blockedPromptMessage(response: GeminiGenerateContentResponse): string {
  const reason = response.promptFeedback?.blockReason ?? 'no reason given';
  const detail = response.promptFeedback?.blockReasonMessage;
  return `Gemini blocked the prompt (block reason ${reason})${detail ? `: ${detail}` : ''}. Rephrase the request or adjust safety_settings.`;
}

export function convertFunctionCallPart(part: GeminiPart): OpenAIToolCall {
  const toolCall: OpenAIToolCall = {
    id: createToolCallId(part.thoughtSignature),
    type: 'function',
    function: { name: part.functionCall?.name ?? '', arguments: JSON.stringify(part.functionCall?.args ?? {}) },
  };
  const extraContent = extraContentFor(part.thoughtSignature);
  if (extraContent) toolCall.extra_content = extraContent;
  return toolCall;
}

/** The visible text of a candidate: text parts that are not thoughts, and generated images as Markdown data URLs. */
function contentText(parts: GeminiPart[]): string {
  return parts.map(visibleText).join('');
}

export function visibleText(part: GeminiPart): string {
  if (part.thought) return '';
  if (typeof part.text === 'string') return part.text;
  if (part.inlineData) return `![image](data:${part.inlineData.mimeType};base64,${part.inlineData.data})`;
  return '';
}

/** Reasoning tokens count as completion tokens, as in OpenAI's usage; Gemini counts them apart. */
export function convertUsage(usage: GeminiUsageMetadata | undefined): OpenAIUsage {
  const promptTokens = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const reasoningTokens = usage?.thoughtsTokenCount ?? 0;
  const completionTokens = (usage?.candidatesTokenCount ?? 0) + reasoningTokens;
  const converted: OpenAIUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: usage?.totalTokenCount ?? promptTokens + completionTokens,
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
  if (usage?.cachedContentTokenCount) converted.prompt_tokens_details = { cached_tokens: usage.cachedContentTokenCount };
  return converted;
}

export function completionId(responseId: string | undefined): string {
  return `chatcmpl-${responseId ?? crypto.randomUUID().replace(/-/g, '')}`;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
