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
 * the client reads (the shared pump: one upstream read per pull). While a read waits, a `ping` every
 * few seconds keeps the connection alive.
 */
export function convertMessagesStream(upstream: ReadableStream<Uint8Array>, options: MessagesStreamOptions): ReadableStream<Uint8Array> {
  const reader = convertGeminiStream(upstream, (write) => new MessagesStreamConverter(options, write)).getReader();
  const encoder = new TextEncoder();
  const start = `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: emptyMessage(options.model) })}\n\n${PING}`;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(start));
      },
      async pull(controller) {
        const ping = setInterval(() => {
          try {
            controller.enqueue(encoder.encode(PING));
          } catch {
            // The client has gone: the read below ends with the cancelled stream.
          }
        }, options.pingIntervalMs ?? PING_INTERVAL_MS);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } finally {
          clearInterval(ping);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Pulled only when the client reads: nothing waits here while the next Gemini event is read.
    { highWaterMark: 0 },
  );
}
