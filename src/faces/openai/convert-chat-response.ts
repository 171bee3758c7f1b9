import { blockedPromptMessage, filteredAnswerText, isContentFilterReason } from '../../gemini/finish-reason.ts';
import type { GeminiCandidate, GeminiGenerateContentResponse, GeminiPart, GeminiUsageMetadata } from '../../gemini/types.ts';
import { readUsage } from '../../gemini/usage.ts';
import { imageUrlOf, isAnswerImage } from './answer-images.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { createToolCallId, extraContentFor } from './tool-call-signature.ts';
import type { OpenAIChatChoice, OpenAIChatCompletion, OpenAIChatMessage, OpenAIToolCall, OpenAIUsage } from './types.ts';

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

function convertCandidate(candidate: GeminiCandidate, position: number): OpenAIChatChoice {
  const parts = candidate.content?.parts ?? [];
  const toolCalls = parts.filter((part) => part.functionCall).map(convertFunctionCallPart);
  const content = parts.map(visibleText).join('');
  const reasoning = parts.filter((part) => part.thought && part.text).map((part) => part.text).join('');
  const message: OpenAIChatMessage = { role: 'assistant', content: content || (toolCalls.length > 0 ? null : '') };
  if (!content && isContentFilterReason(candidate.finishReason)) message.content = filteredAnswerText(candidate.finishReason);
  if (reasoning) message.reasoning_content = reasoning;
  const images = parts.filter(isAnswerImage).map(imageUrlOf);
  if (images.length > 0) message.images = images;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return { index: candidate.index ?? position, message, logprobs: null, finish_reason: mapFinishReason(candidate.finishReason, toolCalls.length > 0) };
}

function blockedPromptChoice(response: GeminiGenerateContentResponse): OpenAIChatChoice {
  const message = blockedPromptMessage(response);
  return { index: 0, message: { role: 'assistant', content: message, refusal: message }, logprobs: null, finish_reason: 'content_filter' };
}

function convertFunctionCallPart(part: GeminiPart): OpenAIToolCall {
  return toolCallOf(part.functionCall?.name ?? '', JSON.stringify(part.functionCall?.args ?? {}), part.thoughtSignature);
}

/** A tool call as the answer and the stream's first delta of a call both write it: its thought signature in the id and in `extra_content`. */
export function toolCallOf(name: string, argumentsJson: string, thoughtSignature: string | undefined): OpenAIToolCall {
  const toolCall: OpenAIToolCall = { id: createToolCallId(thoughtSignature), type: 'function', function: { name, arguments: argumentsJson } };
  const extraContent = extraContentFor(thoughtSignature);
  if (extraContent) toolCall.extra_content = extraContent;
  return toolCall;
}

/** The visible text of a part: text that is not a thought, or a generated image as a Markdown data URL. */
export function visibleText(part: GeminiPart): string {
  if (part.thought) return '';
  if (typeof part.text === 'string') return part.text;
  if (part.inlineData) return `![image](data:${part.inlineData.mimeType};base64,${part.inlineData.data})`;
  return '';
}

/** Reasoning tokens count as completion tokens, as in OpenAI's usage. */
export function convertUsage(usage: GeminiUsageMetadata | undefined): OpenAIUsage {
  const tokens = readUsage(usage);
  const converted: OpenAIUsage = {
    prompt_tokens: tokens.inputTokens,
    completion_tokens: tokens.outputTokens,
    total_tokens: tokens.totalTokens,
    completion_tokens_details: { reasoning_tokens: tokens.reasoningTokens },
  };
  if (tokens.cachedInputTokens) converted.prompt_tokens_details = { cached_tokens: tokens.cachedInputTokens };
  return converted;
}

export function completionId(responseId: string | undefined): string {
  return `chatcmpl-${responseId ?? crypto.randomUUID().replace(/-/g, '')}`;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
