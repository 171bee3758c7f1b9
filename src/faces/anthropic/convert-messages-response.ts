import type { GeminiGenerateContentResponse, GeminiUsageMetadata } from '../../gemini/types.ts';
import { readUsage } from '../../gemini/usage.ts';
import { ContentBlockSequencer, pushResponse } from './content-blocks.ts';
import type { AnthropicBlockEvent, AnthropicContentBlock, AnthropicMessage, AnthropicUsage } from './types.ts';

export interface MessageIdentity {
  /** The model name the client asked for. */
  readonly model: string;
  /** Thinking was asked for: thoughts and text signatures come back as thinking blocks. */
  readonly thinking: boolean;
}

/** A Gemini generateContent answer as an Anthropic message. */
export function convertMessagesResponse(response: GeminiGenerateContentResponse, identity: MessageIdentity): AnthropicMessage {
  const content: AnthropicContentBlock[] = [];
  const blocks = new ContentBlockSequencer((event) => applyBlockEvent(content, event), identity.thinking);
  const stopReason = pushResponse(blocks, response) ?? 'end_turn';
  blocks.stop();
  return { ...emptyMessage(identity.model), content, stop_reason: stopReason, usage: convertUsage(response.usageMetadata) };
}

export function emptyMessage(model: string): AnthropicMessage {
  return {
    id: `msg_${crypto.randomUUID().replace(/-/g, '')}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: convertUsage(undefined),
  };
}

/** Builds the blocks from their events, as a client assembles a stream. */
function applyBlockEvent(content: AnthropicContentBlock[], event: AnthropicBlockEvent): void {
  if (event.type === 'content_block_start') content.push({ ...event.content_block });
  if (event.type !== 'content_block_delta') return;
  const block = content[event.index];
  const delta = event.delta;
  if (block?.type === 'text' && delta.type === 'text_delta') block.text += delta.text;
  else if (block?.type === 'thinking' && delta.type === 'thinking_delta') block.thinking += delta.thinking;
  else if (block?.type === 'thinking' && delta.type === 'signature_delta') block.signature = delta.signature;
  else if (block?.type === 'tool_use' && delta.type === 'input_json_delta') block.input = JSON.parse(delta.partial_json) as Record<string, unknown>;
}

/** Anthropic counts cached input apart from `input_tokens`; thoughts count as output. */
export function convertUsage(usage: GeminiUsageMetadata | undefined): AnthropicUsage {
  const tokens = readUsage(usage);
  return {
    input_tokens: tokens.inputTokens - tokens.cachedInputTokens,
    output_tokens: tokens.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: tokens.cachedInputTokens,
  };
}
