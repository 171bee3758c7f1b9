import { PartialArgsAssembler } from '../../gemini/assemble-partial-args.ts';
import { blockedPromptMessage, filteredAnswerText, isContentFilterReason } from '../../gemini/finish-reason.ts';
import { createCallId } from '../../gemini/thought-signature.ts';
import type { GeminiFunctionCall, GeminiGenerateContentResponse, GeminiPart } from '../../gemini/types.ts';
import { thinkingSignatureFor } from './thinking-signature.ts';
import type { AnthropicBlockEvent, AnthropicContentBlock, AnthropicDelta, AnthropicStopReason } from './types.ts';

/**
 * Gemini's parts as Anthropic content blocks, told as the block events a stream sends (an answer
 * that is not streamed collects the same events). Blocks never interleave: a part of another kind
 * closes the open block. Thoughts become thinking blocks; a function call a tool_use block whose id
 * carries its thought signature, its arguments sent whole when the call is complete. When thinking
 * is on, any other signature closes a thinking block as its `signature` (see thinking-signature.ts),
 * unless it comes after the text.
 */
export class ContentBlockSequencer {
  private index = -1;
  private open: AnthropicContentBlock['type'] | undefined;
  private openCallArgs: PartialArgsAssembler | undefined;
  toolUses = 0;

  constructor(
    private readonly emit: (event: AnthropicBlockEvent) => void,
    private readonly thinking: boolean,
  ) {}

  get blockCount(): number {
    return this.index + 1;
  }

  push(part: GeminiPart): void {
    if (part.functionCall) {
      this.pushCall(part.functionCall, part.thoughtSignature);
      return;
    }
    if (part.thought && part.text) this.append('thinking', { type: 'thinking_delta', thinking: part.text });
    const signature = this.thinking ? part.thoughtSignature : undefined;
    // Claude Code prints the last block of an answer: no block may follow its text. A signature that
    // comes after the text (Gemini 3 puts one on an empty last part) is left out; Gemini does not
    // require a text answer's signature back.
    if (signature && (this.open === 'thinking' || (part.text && this.open !== 'text'))) this.sign(signature);
    if (!part.thought && part.text) this.append('text', { type: 'text_delta', text: part.text });
  }

  /** Closes the open block; an open tool call's arguments go out first, whole. */
  stop(): void {
    if (!this.open) return;
    if (this.openCallArgs) this.delta({ type: 'input_json_delta', partial_json: JSON.stringify(this.openCallArgs.result()) });
    this.openCallArgs = undefined;
    this.open = undefined;
    this.emit({ type: 'content_block_stop', index: this.index });
  }

  private append(type: 'text' | 'thinking', delta: AnthropicDelta): void {
    if (this.open !== type) this.start(type === 'text' ? { type, text: '' } : { type, thinking: '', signature: '' });
    this.delta(delta);
  }

  /** A signature ends the thinking block before the part it came with (one made for it when none is open). */
  private sign(signature: string): void {
    if (this.open !== 'thinking') this.start({ type: 'thinking', thinking: '', signature: '' });
    this.delta({ type: 'signature_delta', signature: thinkingSignatureFor(signature) });
    this.stop();
  }

  /** A call Gemini streams in pieces starts with its name; the pieces after it carry only arguments. */
  private pushCall(call: GeminiFunctionCall, signature: string | undefined): void {
    if (call.name) {
      if (signature && this.thinking && this.open === 'thinking') this.sign(signature);
      this.start({ type: 'tool_use', id: createCallId('toolu', signature), name: call.name, input: {} });
      this.toolUses++;
      this.openCallArgs = new PartialArgsAssembler();
    }
    const args = this.openCallArgs;
    if (!args) return;
    if (call.args) args.merge(call.args);
    if (call.partialArgs) args.apply(call.partialArgs);
    if (!call.willContinue) this.stop();
  }

  private start(block: AnthropicContentBlock): void {
    this.stop();
    this.index++;
    this.open = block.type;
    this.emit({ type: 'content_block_start', index: this.index, content_block: block });
  }

  private delta(delta: AnthropicDelta): void {
    this.emit({ type: 'content_block_delta', index: this.index, delta });
  }
}

/**
 * One Gemini answer, or one event of a stream, into the blocks (Anthropic has one candidate: the
 * first). The stop reason once Gemini has finished; undefined while it goes on.
 */
export function pushResponse(blocks: ContentBlockSequencer, response: GeminiGenerateContentResponse): AnthropicStopReason | undefined {
  const candidate = response.candidates?.[0];
  if (!candidate) {
    if (!response.promptFeedback?.blockReason) return undefined;
    blocks.push({ text: blockedPromptMessage(response) });
    blocks.stop();
    return 'refusal';
  }
  for (const part of candidate.content?.parts ?? []) blocks.push(part);
  const reason = candidate.finishReason;
  if (!reason) return undefined;
  // An empty answer would look like a bug: say that a filter stopped it.
  if (blocks.blockCount === 0 && isContentFilterReason(reason)) blocks.push({ text: filteredAnswerText(reason) });
  blocks.stop();
  return stopReasonOf(reason, blocks.toolUses > 0);
}

/**
 * Gemini's `finishReason` as `stop_reason`. Gemini says STOP after function calls too, and does not
 * say which stop sequence ended an answer: that is `end_turn`.
 */
export function stopReasonOf(finishReason: string, hasToolUse: boolean): AnthropicStopReason {
  if (finishReason === 'MAX_TOKENS') return 'max_tokens';
  if (isContentFilterReason(finishReason)) return 'refusal';
  return hasToolUse ? 'tool_use' : 'end_turn';
}
