import type { ProxyError } from '../../errors.ts';
import { PartialArgsAssembler } from '../../gemini/assemble-partial-args.ts';
import { blockedPromptMessage, filteredAnswerText, isContentFilterReason } from '../../gemini/finish-reason.ts';
import type { GeminiCandidate, GeminiGenerateContentResponse, GeminiPart, GeminiUsageMetadata } from '../../gemini/types.ts';
import { convertGeminiStream, FaceStreamConverter } from '../../gemini/gemini-event-stream.ts';
import { completionId, convertUsage, nowInSeconds, toolCallOf, visibleText } from './convert-chat-response.ts';
import { imageUrlOf, isAnswerImage } from './answer-images.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { openAIErrorBody } from './openai-error.ts';
import { extraContentFor } from './tool-call-signature.ts';
import type { OpenAIFinishReason } from './types.ts';

export interface ChatStreamOptions {
  /** Reported as `model` until Gemini names its model version. */
  readonly model: string;
  /** `stream_options.include_usage`: one chunk with usage before `[DONE]`. */
  readonly includeUsage: boolean;
  readonly created?: number;
  /** Keys to mask in error messages. */
  readonly usedKeys?: readonly string[];
}

type Delta = Record<string, unknown>;

interface OpenToolCall {
  readonly index: number;
  readonly args: PartialArgsAssembler;
  lateSignature?: string;
}

interface ChoiceState {
  readonly index: number;
  toolCallCount: number;
  emittedContent: boolean;
  finished: boolean;
  openCall?: OpenToolCall;
}

/**
 * Turns Gemini's `?alt=sse` stream into OpenAI `chat.completion.chunk` events as each Gemini event
 * arrives: a first chunk with the role, then content, `reasoning_content` and `tool_calls` deltas, a
 * chunk with the finish reason, a usage chunk when asked, and `data: [DONE]`. A Gemini error in the
 * stream, or a stream that ends before Gemini finished, ends with an OpenAI error event instead.
 *
 * A function call that Gemini streams in parts (`willContinue`, `partialArgs`) is announced with its
 * id and name at once; its arguments follow as one complete JSON delta when the call is complete.
 */
export class ChatStreamConverter extends FaceStreamConverter {
  private readonly choices = new Map<number, ChoiceState>();
  private readonly created: number;
  private id: string | undefined;
  private model: string;
  private usage: GeminiUsageMetadata | undefined;

  constructor(
    private readonly options: ChatStreamOptions,
    private readonly write: (sseText: string) => void,
  ) {
    super(options.usedKeys ?? []);
    this.created = options.created ?? nowInSeconds();
    this.model = options.model;
  }

  protected isComplete(): boolean {
    const states = [...this.choices.values()];
    return states.length > 0 && states.every((choice) => choice.finished);
  }

  /** The usage chunk when asked for, then `[DONE]`. */
  protected writeEnd(): void {
    if (this.options.includeUsage) this.writeEvent({ ...this.envelope(), choices: [], usage: convertUsage(this.usage) });
    this.write('data: [DONE]\n\n');
  }

  protected writeError(error: ProxyError): void {
    this.writeEvent(openAIErrorBody(error));
  }

  protected handleResponse(response: GeminiGenerateContentResponse): void {
    this.id ??= completionId(response.responseId);
    if (response.modelVersion) this.model = response.modelVersion;
    if (response.usageMetadata) this.usage = response.usageMetadata;
    const candidates = response.candidates ?? [];
    if (candidates.length === 0 && response.promptFeedback?.blockReason) {
      const choice = this.choiceFor(0);
      this.writeDelta(choice, { content: blockedPromptMessage(response) });
      this.finishChoice(choice, 'content_filter');
      return;
    }
    for (let position = 0; position < candidates.length; position++) this.handleCandidate(candidates[position] as GeminiCandidate, position);
  }

  private handleCandidate(candidate: GeminiCandidate, position: number): void {
    const choice = this.choiceFor(candidate.index ?? position);
    if (choice.finished) return;
    for (const part of candidate.content?.parts ?? []) this.handlePart(choice, part);
    if (!candidate.finishReason) return;
    this.closeOpenCall(choice);
    if (!choice.emittedContent && isContentFilterReason(candidate.finishReason)) {
      this.writeDelta(choice, { content: filteredAnswerText(candidate.finishReason) });
    }
    this.finishChoice(choice, mapFinishReason(candidate.finishReason, choice.toolCallCount > 0));
  }

  private handlePart(choice: ChoiceState, part: GeminiPart): void {
    if (part.functionCall) {
      this.handleFunctionCallPart(choice, part);
      return;
    }
    const text = part.thought ? part.text : visibleText(part);
    // Empty text parts only carry a thought signature, which Gemini does not need back for text.
    if (!text) return;
    this.closeOpenCall(choice);
    const delta: Delta = part.thought ? { reasoning_content: text } : { content: text };
    if (isAnswerImage(part)) delta.images = [imageUrlOf(part)];
    this.writeDelta(choice, delta);
  }

  private handleFunctionCallPart(choice: ChoiceState, part: GeminiPart): void {
    const call = part.functionCall ?? {};
    if (call.name) {
      this.closeOpenCall(choice);
      const args = new PartialArgsAssembler();
      if (call.args) args.merge(call.args);
      if (call.partialArgs) args.apply(call.partialArgs);
      const index = choice.toolCallCount++;
      const complete = !call.willContinue;
      this.writeToolCallDelta(choice, { index, ...toolCallOf(call.name, complete ? JSON.stringify(args.result()) : '', part.thoughtSignature) });
      if (!complete) choice.openCall = { index, args };
      return;
    }
    const open = choice.openCall;
    if (!open) return;
    if (call.args) open.args.merge(call.args);
    if (call.partialArgs) open.args.apply(call.partialArgs);
    if (part.thoughtSignature) open.lateSignature = part.thoughtSignature;
    if (!call.willContinue) this.closeOpenCall(choice);
  }

  private closeOpenCall(choice: ChoiceState): void {
    const open = choice.openCall;
    if (!open) return;
    choice.openCall = undefined;
    this.writeToolCallDelta(choice, {
      index: open.index,
      function: { arguments: JSON.stringify(open.args.result()) },
      extra_content: extraContentFor(open.lateSignature),
    });
  }

  private choiceFor(index: number): ChoiceState {
    let choice = this.choices.get(index);
    if (!choice) {
      choice = { index, toolCallCount: 0, emittedContent: false, finished: false };
      this.choices.set(index, choice);
      this.writeChoiceChunk(choice, { role: 'assistant', content: '' }, null);
    }
    return choice;
  }

  private writeDelta(choice: ChoiceState, delta: Delta): void {
    choice.emittedContent = true;
    this.writeChoiceChunk(choice, delta, null);
  }

  private writeToolCallDelta(choice: ChoiceState, toolCall: Delta): void {
    if (toolCall.extra_content === undefined) delete toolCall.extra_content;
    this.writeDelta(choice, { tool_calls: [toolCall] });
  }

  private finishChoice(choice: ChoiceState, finishReason: OpenAIFinishReason): void {
    choice.finished = true;
    this.writeChoiceChunk(choice, {}, finishReason);
  }

  private writeChoiceChunk(choice: ChoiceState, delta: Delta, finishReason: OpenAIFinishReason | null): void {
    // The hot path of a long stream: only the delta is serialised; the envelope's JSON is kept.
    const finish = finishReason === null ? 'null' : `"${finishReason}"`;
    this.write(`data: ${this.envelopeJson()}"choices":[{"index":${choice.index},"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish}}]}\n\n`);
  }

  private envelope(): { id: string; object: 'chat.completion.chunk'; created: number; model: string } {
    this.id ??= completionId(undefined);
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }

  private cachedEnvelope: { id: string; model: string; json: string } | undefined;

  /** `{"id":…,"object":…,"created":…,"model":…,` — the start of every chunk, made again only when id or model change. */
  private envelopeJson(): string {
    const envelope = this.envelope();
    const cached = this.cachedEnvelope;
    if (cached && cached.id === envelope.id && cached.model === envelope.model) return cached.json;
    const json = `${JSON.stringify(envelope).slice(0, -1)},`;
    this.cachedEnvelope = { id: envelope.id, model: envelope.model, json };
    return json;
  }

  private writeEvent(payload: unknown): void {
    this.write(`data: ${JSON.stringify(payload)}\n\n`);
  }
}

/** Converts an upstream body as the client reads it (see gemini/gemini-event-stream.ts). */
export function convertChatStream(upstream: ReadableStream<Uint8Array>, options: ChatStreamOptions): ReadableStream<Uint8Array> {
  return convertGeminiStream(upstream, (write) => new ChatStreamConverter(options, write));
}
