import { ProxyError } from '../errors.ts';
import { describeNetworkError } from '../http/fetch-upstream.ts';
import { isJsonObject } from '../json-value.ts';
import { takeHeldReader } from './empty-answer.ts';
import { SseDataParser } from './sse-data-parser.ts';
import type { GeminiGenerateContentResponse } from './types.ts';
import { geminiErrorOf } from './upstream-error.ts';

/** What a face's stream converter offers the pump below: it writes its own events through the function it was made with. */
export interface GeminiStreamConverter {
  /** True once the face's last event (its end, or an error) has been written. */
  readonly hasEnded: boolean;
  /** One piece of the upstream body, as it arrived. */
  push(bytes: Uint8Array): void;
  /** The upstream body ended. */
  finish(): void;
  /** Ends the stream with the error in the face's shape; whatever arrives afterwards is ignored. */
  failWith(error: ProxyError): void;
}

/**
 * One `data:` payload of Gemini's `?alt=sse` stream: the response it carries, or the error it is (an
 * error event of Gemini's, keys masked, or an event that is not JSON).
 */
export function parseGeminiEvent(data: string, keysToMask: readonly string[]): GeminiGenerateContentResponse | ProxyError {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    return streamError('The Gemini stream sent an event that is not JSON. Try again.', 'invalid_upstream_event');
  }
  if (isJsonObject(event) && isJsonObject(event.error)) {
    return geminiErrorOf(typeof event.error.code === 'number' ? event.error.code : 500, event, keysToMask);
  }
  return (isJsonObject(event) ? event : {}) as GeminiGenerateContentResponse;
}

export function streamError(message: string, code: string): ProxyError {
  return new ProxyError(502, message, code);
}

export function incompleteStreamError(): ProxyError {
  return streamError('The Gemini stream ended before the answer was complete. Try again.', 'incomplete_stream');
}

/**
 * Collects what the converter writes while it handles one piece of upstream bytes, so that all the
 * events made from it leave as one write instead of one socket write each.
 */
class PendingOutput {
  private readonly encoder = new TextEncoder();
  private texts: string[] = [];

  readonly write = (text: string): void => {
    this.texts.push(text);
  };

  /** Hands what was collected to the stream as one piece; false when there was nothing. */
  flushTo(controller: ReadableStreamDefaultController<Uint8Array>): boolean {
    if (this.texts.length === 0) return false;
    controller.enqueue(this.encoder.encode(this.texts.length === 1 ? (this.texts[0] as string) : this.texts.join('')));
    this.texts = [];
    return true;
  }
}

/**
 * Converts an upstream body as the client reads it, and writes everything converted in one pull as one
 * chunk. A pull waits for one upstream read, then takes further reads only while they resolve without
 * waiting (pieces that have already arrived: a burst of events costs one write, not one per piece);
 * a read that would wait is carried to the next pull, so that no event is ever held back for the next.
 * Unlike piping through a TransformStream, a broken upstream connection still ends the client's
 * stream with an error event it can show, rather than a cut connection.
 */
export function convertGeminiStream(
  upstream: ReadableStream<Uint8Array>,
  createConverter: (write: (text: string) => void) => GeminiStreamConverter,
  idle?: IdleSignal,
): ReadableStream<Uint8Array> {
  // A stream the blank-answer check held comes with the pieces it read and its own reader.
  const checked = takeHeldReader(upstream);
  const reader = checked?.reader ?? upstream.getReader();
  let heldPieces = checked?.held ?? [];
  const output = new PendingOutput();
  const converter = createConverter(output.write);
  /** Whether a pull is waiting for Gemini (which can think for minutes before its first event). */
  let waiting = false;
  let idleTimer: ReturnType<typeof setInterval> | undefined;
  const stopIdleSignal = () => clearInterval(idleTimer);
  /** A read begun in an earlier pull that had not resolved when that pull wrote what it had. */
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  const take = (result: ReadableStreamReadResult<Uint8Array>) => {
    if (result.done) converter.finish();
    else converter.push(result.value);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // One timer for the whole stream, not one per pull: it only writes while a read waits.
      if (!idle) return;
      idleTimer = setInterval(() => {
        if (!waiting) return;
        output.write(idle.text);
        output.flushTo(controller);
      }, idle.everyMs);
    },
    async pull(controller) {
      if (heldPieces.length > 0) {
        const pieces = heldPieces;
        heldPieces = [];
        try {
          for (const piece of pieces) converter.push(piece);
        } catch {
          converter.failWith(invalidEventError());
        }
      }
      // What the converter wrote before the first read (an API whose stream opens with its own event), and what the held pieces made, leaves at once.
      if (output.flushTo(controller)) return;
      // A pull that enqueues nothing is not called again: read on until something is written.
      try {
        while (!converter.hasEnded) {
          const read = pending ?? reader.read();
          pending = undefined;
          waiting = true;
          let result: ReadableStreamReadResult<Uint8Array>;
          try {
            result = await readUpstream(read);
          } finally {
            waiting = false;
          }
          take(result);
          while (!converter.hasEnded) {
            const next = reader.read();
            const arrived = await readUpstream(Promise.race([next, NOT_YET]));
            if (arrived === NOT_YET_MARK) {
              pending = next;
              break;
            }
            take(arrived);
          }
          if (output.flushTo(controller)) break;
        }
      } catch (error) {
        converter.failWith(error instanceof UpstreamReadError ? disconnectedError(error.cause) : invalidEventError());
      }
      output.flushTo(controller);
      if (converter.hasEnded) {
        stopIdleSignal();
        controller.close();
        pending = undefined;
        reader.cancel().catch(() => undefined);
      }
    },
    cancel(reason) {
      stopIdleSignal();
      return reader.cancel(reason);
    },
  });
}

/** What a stream sends while Gemini sends nothing, to keep the connection alive (Anthropic's `ping`). */
export interface IdleSignal {
  readonly text: string;
  readonly everyMs: number;
}

/**
 * Settles a race after a read that has already resolved (its reaction is queued first) and before
 * one that waits for the network. A carried read keeps the race's handler, so its failure is never
 * unhandled; it is awaited, and reported, by the next pull.
 */
const NOT_YET_MARK: unique symbol = Symbol('not yet');
const NOT_YET = Promise.resolve<typeof NOT_YET_MARK>(NOT_YET_MARK);

/** Only a failed read is a broken connection; anything else that fails while converting is a bad event. */
class UpstreamReadError extends Error {}

async function readUpstream<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    throw new UpstreamReadError('upstream read failed', { cause: error });
  }
}

function invalidEventError(): ProxyError {
  return streamError('The Gemini stream sent an event the proxy could not read. Try again.', 'invalid_upstream_event');
}

export function disconnectedError(cause: unknown): ProxyError {
  return streamError(`The connection to the Gemini API broke off during the answer (${describeNetworkError(cause)}). Try again.`, 'upstream_disconnected');
}

/**
 * What every face's stream converter shares: Gemini's events parsed as they arrive (an error event
 * ends the stream in the face's shape), and the end of the upstream told apart from a stream cut
 * short. A face says what one Gemini response becomes, whether Gemini finished, and how its own
 * stream ends and shows an error.
 */
export abstract class FaceStreamConverter implements GeminiStreamConverter {
  private readonly parser = new SseDataParser((data) => this.handleData(data));
  private readonly decoder = new TextDecoder();
  private ended = false;

  protected constructor(private readonly keysToMask: readonly string[]) {}

  /** True once the face's last event (its end, or an error) has been written. */
  get hasEnded(): boolean {
    return this.ended;
  }

  push(bytes: Uint8Array): void {
    if (!this.ended) this.parser.push(this.decoder.decode(bytes, { stream: true }));
  }

  finish(): void {
    if (this.ended) return;
    this.parser.push(this.decoder.decode());
    this.parser.end();
    if (this.ended) return;
    if (!this.isComplete()) {
      this.failWith(incompleteStreamError());
      return;
    }
    this.writeEnd();
    this.ended = true;
  }

  failWith(error: ProxyError): void {
    if (this.ended) return;
    this.writeError(error);
    this.ended = true;
  }

  /** One Gemini response of the stream, in the face's events. */
  protected abstract handleResponse(response: GeminiGenerateContentResponse): void;
  /** Whether Gemini said why it stopped: a stream that ends before that was cut short. */
  protected abstract isComplete(): boolean;
  /** The face's closing events. */
  protected abstract writeEnd(): void;
  protected abstract writeError(error: ProxyError): void;

  private handleData(data: string): void {
    if (this.ended) return;
    const event = parseGeminiEvent(data, this.keysToMask);
    if (event instanceof ProxyError) this.failWith(event);
    else this.handleResponse(event);
  }
}
