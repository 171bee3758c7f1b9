import type { ProxyError } from '../../errors.ts';
import { convertGeminiStream, FaceStreamConverter } from '../../gemini/gemini-event-stream.ts';
import type { GeminiGenerateContentResponse, GeminiUsageMetadata } from '../../gemini/types.ts';
import { anthropicErrorBody } from './anthropic-error.ts';
import { ContentBlockSequencer, pushResponse } from './content-blocks.ts';
import { convertUsage, emptyMessage, type MessageIdentity } from './convert-messages-response.ts';
import type { AnthropicStopReason } from './types.ts';

export interface MessagesStreamOptions extends MessageIdentity {
  /** Keys to mask in error messages. */
  readonly usedKeys?: readonly string[];
  /** How often a `ping` goes out while Gemini sends nothing (it can think for minutes before its first event). */
  readonly pingIntervalMs?: number;
}

const PING_INTERVAL_MS = 10_000;
const PING = 'event: ping\ndata: {"type":"ping"}\n\n';

/**
 * Anthropic's events from Gemini's: each content block's start, deltas and stop as Gemini's events
 * arrive, then `message_delta` (stop reason and the whole usage) and `message_stop`. A Gemini error,
 * or a stream that ends before Gemini finished, ends it with an `error` event instead.
 */
export class MessagesStreamConverter extends FaceStreamConverter {
  private readonly blocks: ContentBlockSequencer;
  private usage: GeminiUsageMetadata | undefined;
  private stopReason: AnthropicStopReason | undefined;

  constructor(
    options: MessagesStreamOptions,
    private readonly write: (sseText: string) => void,
  ) {
    super(options.usedKeys ?? []);
    this.blocks = new ContentBlockSequencer((event) => this.writeEvent(event), options.thinking);
    this.writeEvent({ type: 'message_start', message: emptyMessage(options.model) });
    this.write(PING);
  }

  protected handleResponse(response: GeminiGenerateContentResponse): void {
    if (response.usageMetadata) this.usage = response.usageMetadata;
    this.stopReason ??= pushResponse(this.blocks, response);
  }

  protected isComplete(): boolean {
    return this.stopReason !== undefined;
  }

  protected writeEnd(): void {
    this.writeEvent({ type: 'message_delta', delta: { stop_reason: this.stopReason, stop_sequence: null }, usage: convertUsage(this.usage) });
    this.writeEvent({ type: 'message_stop' });
  }

  protected writeError(error: ProxyError): void {
    this.writeEvent(anthropicErrorBody(error));
  }

  private writeEvent<T extends { type: string }>(event: T): void {
    this.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
}

/**
 * The client's stream: `message_start` and a `ping` at once, then the converted Gemini stream, read as
 * the client reads (the shared pump). While a read waits, a `ping` every few seconds keeps the
 * connection alive.
 */
export function convertMessagesStream(upstream: ReadableStream<Uint8Array>, options: MessagesStreamOptions): ReadableStream<Uint8Array> {
  return convertGeminiStream(upstream, (write) => new MessagesStreamConverter(options, write), { text: PING, everyMs: options.pingIntervalMs ?? PING_INTERVAL_MS });
}
