import { ProxyError } from '../../errors.ts';
import { convertGeminiStream, incompleteStreamError, parseGeminiEvent, type GeminiStreamConverter } from '../../gemini/gemini-event-stream.ts';
import { SseDataParser } from '../../gemini/sse-data-parser.ts';
import { ResponseBuilder, type ResponseOptions } from './convert-responses-response.ts';

export interface ResponsesStreamOptions extends ResponseOptions {
  /** Keys to mask in error messages. */
  readonly usedKeys?: readonly string[];
}

/**
 * Turns Gemini's `?alt=sse` stream into the Responses API's events as each Gemini event arrives:
 * `response.created` and `response.in_progress` at once, then the events of each output item, and
 * `response.completed` (or `response.incomplete`) when the upstream ends. A Gemini error in the
 * stream, or a stream that ends before Gemini said why it stopped, ends with `error` and `response.failed`.
 */
export class ResponsesStreamConverter implements GeminiStreamConverter {
  private readonly parser = new SseDataParser((data) => this.handleEvent(data));
  private readonly decoder = new TextDecoder();
  private readonly builder: ResponseBuilder;
  private ended = false;

  constructor(
    private readonly options: ResponsesStreamOptions,
    write: (sseText: string) => void,
  ) {
    this.builder = new ResponseBuilder(options, (event) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
    this.builder.start();
  }

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
    if (!this.builder.finished) {
      this.failWith(incompleteStreamError());
      return;
    }
    this.builder.complete();
    this.ended = true;
  }

  failWith(error: ProxyError): void {
    if (this.ended) return;
    this.builder.fail(error);
    this.ended = true;
  }

  private handleEvent(data: string): void {
    if (this.ended) return;
    const event = parseGeminiEvent(data, this.options.usedKeys ?? []);
    if (event instanceof ProxyError) this.failWith(event);
    else this.builder.handle(event);
  }
}

export function convertResponsesStream(upstream: ReadableStream<Uint8Array>, options: ResponsesStreamOptions): ReadableStream<Uint8Array> {
  return convertGeminiStream(upstream, (write) => new ResponsesStreamConverter(options, write));
}
