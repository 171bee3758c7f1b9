import type { ProxyError } from '../../errors.ts';
import { PartialArgsAssembler } from '../../gemini/assemble-partial-args.ts';
import { blockedPromptMessage, filteredAnswerText, isContentFilterReason } from '../../gemini/finish-reason.ts';
import { createCallId } from '../../gemini/thought-signature.ts';
import type { GeminiCandidate, GeminiGenerateContentResponse, GeminiGroundingMetadata, GeminiPart, GeminiUsageMetadata } from '../../gemini/types.ts';
import { readUsage } from '../../gemini/usage.ts';
import { nowInSeconds, visibleText } from '../openai/convert-chat-response.ts';
import { convertGrounding } from './convert-grounding.ts';
import type { ClientTool, ToolNames } from './convert-responses-tools.ts';
import { encryptedContentFor } from './reasoning-signature.ts';
import type { CustomToolCallItem, FunctionCallItem, LocalShellCallItem, MessageItem, OutputItem, ReasoningItem, ResponseEvent, ResponseObject, ResponsesUsage } from './types.ts';

export interface ResponseOptions {
  /** Reported as `model` until Gemini names its model version. */
  readonly model: string;
  readonly toolNames: ToolNames;
  /** Reasoning items carry the thought signature in `encrypted_content`. */
  readonly includeEncryptedReasoning: boolean;
  readonly parallelToolCalls: boolean;
  /** Unix seconds; defaults to now. */
  readonly createdAt?: number;
}

type CallItem = FunctionCallItem | CustomToolCallItem | LocalShellCallItem;

interface OpenItem {
  readonly index: number;
  readonly item: OutputItem;
  /** The summary text of a reasoning item, the text of a message. */
  text: string;
  /** The arguments of a call that Gemini streams in parts. */
  args?: PartialArgsAssembler;
}

/**
 * Builds a Responses API `response` from Gemini's answer, one Gemini response (or stream event) at a
 * time, and tells `emit` each streaming event on the way. The non-streamed answer is the same build
 * with nobody listening.
 *
 * Output items follow Gemini's parts: thoughts make a reasoning item, text a message, each function
 * call a `function_call` (or `custom_tool_call`, `local_shell_call`, as the client declared the tool).
 * The thought signature of a step goes into its call's `call_id` and, when the client asks for
 * `reasoning.encrypted_content`, into the reasoning item before it.
 */
export class ResponseBuilder {
  readonly response: ResponseObject;
  /** Gemini said why it stopped. */
  finished = false;
  private open: OpenItem | undefined;
  private sequence = 0;
  private grounding: GeminiGroundingMetadata | undefined;

  constructor(
    private readonly options: ResponseOptions,
    private readonly emit: (event: ResponseEvent) => void = () => undefined,
  ) {
    this.response = {
      id: `resp_${randomId()}`,
      object: 'response',
      created_at: options.createdAt ?? nowInSeconds(),
      status: 'in_progress',
      error: null,
      incomplete_details: null,
      model: options.model,
      output: [],
      output_text: '',
      parallel_tool_calls: options.parallelToolCalls,
      store: false,
      usage: null,
    };
  }

  start(): void {
    this.event('response.created', { response: this.response });
    this.event('response.in_progress', { response: this.response });
  }

  handle(response: GeminiGenerateContentResponse): void {
    if (response.modelVersion) this.response.model = response.modelVersion;
    if (response.usageMetadata) this.response.usage = convertUsage(response.usageMetadata);
    if (this.finished) return;
    const candidate = response.candidates?.[0];
    if (!candidate) {
      if (response.promptFeedback?.blockReason) this.stop(undefined, blockedPromptMessage(response));
      return;
    }
    for (const part of candidate.content?.parts ?? []) this.handlePart(part);
    if (candidate.groundingMetadata) this.grounding = candidate.groundingMetadata;
    if (candidate.finishReason) this.stop(candidate);
  }

  /** The final event, `response.completed` or `response.incomplete`, with the whole response. */
  complete(): ResponseObject {
    this.closeOpen();
    if (this.response.status === 'in_progress') this.response.status = 'completed';
    this.event(this.response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: this.response });
    return this.response;
  }

  /**
   * Ends a started stream with the error: an `error` event with the proxy's code, then `response.failed`
   * with OpenAI's code for a failed response, which clients such as Codex act on: they retry
   * `server_error` and `rate_limit_exceeded`, and end the turn on any other code.
   */
  fail(error: ProxyError): void {
    const { message, code, status } = error;
    this.event('error', { code, message, param: error.options.param ?? null });
    this.response.status = 'failed';
    this.response.error = { code: status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : code, message };
    this.event('response.failed', { response: this.response });
  }

  private stop(candidate: GeminiCandidate | undefined, blockedMessage?: string): void {
    this.closeOpen();
    const reason = candidate?.finishReason;
    const filtered = blockedMessage !== undefined || isContentFilterReason(reason);
    const hasMessage = this.response.output.some((item) => item.type === 'message');
    // Stopped by a filter, or for another reason (MALFORMED_FUNCTION_CALL) with nothing to show: said, rather than an empty answer.
    const unexplained = this.response.output.length === 0 && reason !== undefined && reason !== 'STOP';
    if ((filtered || unexplained) && !hasMessage) this.addText(blockedMessage ?? filteredAnswerText(reason ?? ''));
    this.closeOpen();
    if (reason === 'MAX_TOKENS' || filtered) {
      this.response.status = 'incomplete';
      this.response.incomplete_details = { reason: reason === 'MAX_TOKENS' ? 'max_output_tokens' : 'content_filter' };
    }
    this.finished = true;
  }

  private handlePart(part: GeminiPart): void {
    if (part.functionCall) {
      this.handleCallPart(part);
      return;
    }
    if (part.thought) {
      if (part.text) this.addThought(part.text);
      return;
    }
    if (part.thoughtSignature && this.open?.item.type === 'reasoning') this.closeOpen(part.thoughtSignature);
    const text = visibleText(part);
    if (text) this.addText(text);
  }

  private addThought(text: string): void {
    const open = this.open?.item.type === 'reasoning' ? this.open : this.openReasoning();
    if (!open.text) {
      this.event('response.reasoning_summary_part.added', { ...this.itemRef(open), summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    open.text += text;
    this.event('response.reasoning_summary_text.delta', { ...this.itemRef(open), summary_index: 0, delta: text });
  }

  private addText(text: string): void {
    let open = this.open;
    if (open?.item.type !== 'message') {
      this.closeOpen();
      const item: MessageItem = { type: 'message', id: `msg_${randomId()}`, status: 'in_progress', role: 'assistant', content: [] };
      open = this.openItem(item);
      const part = { type: 'output_text' as const, text: '', annotations: [] };
      item.content.push(part);
      this.event('response.content_part.added', { ...this.itemRef(open), content_index: 0, part });
    }
    open.text += text;
    this.event('response.output_text.delta', { ...this.itemRef(open), content_index: 0, delta: text, logprobs: [] });
  }

  private handleCallPart(part: GeminiPart): void {
    const call = part.functionCall ?? {};
    const open = this.open;
    if (!call.name) {
      // The rest of a call Gemini streams in parts.
      if (!open?.args) return;
      if (call.args) open.args.merge(call.args);
      if (call.partialArgs) open.args.apply(call.partialArgs);
      if (!call.willContinue) this.closeOpen();
      return;
    }
    const hadReasoning = open?.item.type === 'reasoning';
    this.closeOpen(part.thoughtSignature);
    if (!hadReasoning && part.thoughtSignature && this.options.includeEncryptedReasoning) {
      // As OpenAI's reasoning models do, a reasoning item before the call, here without a summary.
      this.openReasoning();
      this.closeOpen(part.thoughtSignature);
    }
    const args = new PartialArgsAssembler();
    if (call.args) args.merge(call.args);
    if (call.partialArgs) args.apply(call.partialArgs);
    this.openItem(callItem(this.options.toolNames.get(call.name) ?? { kind: 'function', name: call.name }, part.thoughtSignature)).args = args;
    if (!call.willContinue) this.closeOpen();
  }

  private openReasoning(): OpenItem {
    this.closeOpen();
    const item: ReasoningItem = { type: 'reasoning', id: `rs_${randomId()}`, summary: [] };
    return this.openItem(item);
  }

  private openItem(item: OutputItem): OpenItem {
    const open: OpenItem = { index: this.response.output.length, item, text: '' };
    this.response.output.push(item);
    this.open = open;
    this.event('response.output_item.added', { output_index: open.index, item });
    return open;
  }

  /** Finishes the open item; a reasoning item takes the signature of the part that follows it. */
  private closeOpen(signature?: string): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const { item } = open;
    const ref = this.itemRef(open);
    switch (item.type) {
      case 'reasoning':
        if (open.text) {
          const part = { type: 'summary_text' as const, text: open.text };
          item.summary.push(part);
          this.event('response.reasoning_summary_text.done', { ...ref, summary_index: 0, text: open.text });
          this.event('response.reasoning_summary_part.done', { ...ref, summary_index: 0, part });
        }
        if (signature && this.options.includeEncryptedReasoning) item.encrypted_content = encryptedContentFor(signature);
        break;
      case 'message': {
        const part = item.content[0];
        if (part?.type === 'output_text') {
          part.text = open.text;
          part.annotations = convertGrounding(open.text, this.grounding);
          this.response.output_text += open.text;
        }
        item.status = 'completed';
        this.event('response.output_text.done', { ...ref, content_index: 0, text: open.text, logprobs: [] });
        this.event('response.content_part.done', { ...ref, content_index: 0, part });
        break;
      }
      default:
        this.closeCall(item, ref, open.args?.result() ?? {});
    }
    this.event('response.output_item.done', { output_index: open.index, item });
  }

  private closeCall(item: CallItem, ref: { item_id: string; output_index: number }, args: Record<string, unknown>): void {
    item.status = 'completed';
    if (item.type === 'function_call') {
      item.arguments = JSON.stringify(args);
      this.event('response.function_call_arguments.delta', { ...ref, delta: item.arguments });
      this.event('response.function_call_arguments.done', { ...ref, name: item.name, arguments: item.arguments });
    } else if (item.type === 'custom_tool_call') {
      item.input = typeof args.input === 'string' ? args.input : JSON.stringify(args);
      this.event('response.custom_tool_call_input.delta', { ...ref, delta: item.input });
      this.event('response.custom_tool_call_input.done', { ...ref, input: item.input });
    } else {
      item.action = localShellAction(args);
    }
  }

  private itemRef(open: OpenItem): { item_id: string; output_index: number } {
    return { item_id: open.item.id, output_index: open.index };
  }

  private event(type: string, fields: Record<string, unknown>): void {
    this.emit({ type, sequence_number: this.sequence++, ...fields });
  }
}

/** A Gemini generateContent answer as a Responses API `response`. */
export function convertResponsesResponse(response: GeminiGenerateContentResponse, options: ResponseOptions): ResponseObject {
  const builder = new ResponseBuilder(options);
  builder.handle(response);
  return builder.complete();
}

/** An output item for Gemini's call of a client tool; its arguments are filled in when the call is complete. */
function callItem(tool: ClientTool, signature: string | undefined): CallItem {
  const callId = createCallId('call', signature);
  const namespace = tool.namespace ? { namespace: tool.namespace } : {};
  if (tool.kind === 'custom') return { type: 'custom_tool_call', id: `ctc_${randomId()}`, call_id: callId, name: tool.name, ...namespace, input: '', status: 'in_progress' };
  if (tool.kind === 'local_shell') return { type: 'local_shell_call', id: `lsh_${randomId()}`, call_id: callId, status: 'in_progress', action: localShellAction({}) };
  return { type: 'function_call', id: `fc_${randomId()}`, call_id: callId, name: tool.name, ...namespace, arguments: '', status: 'in_progress' };
}

function localShellAction(args: Record<string, unknown>): LocalShellCallItem['action'] {
  const command = Array.isArray(args.command) ? args.command.map(String) : typeof args.command === 'string' ? [args.command] : [];
  const action: LocalShellCallItem['action'] = { type: 'exec', command, env: {} };
  if (typeof args.workdir === 'string') action.working_directory = args.workdir;
  if (typeof args.timeout_ms === 'number') action.timeout_ms = args.timeout_ms;
  return action;
}

export function convertUsage(usage: GeminiUsageMetadata | undefined): ResponsesUsage {
  const tokens = readUsage(usage);
  return {
    input_tokens: tokens.inputTokens,
    input_tokens_details: { cached_tokens: tokens.cachedInputTokens },
    output_tokens: tokens.outputTokens,
    output_tokens_details: { reasoning_tokens: tokens.reasoningTokens },
    total_tokens: tokens.totalTokens,
  };
}

function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
