import type { ProxyError } from '../../errors.ts';
import { convertGeminiStream, FaceStreamConverter } from '../../gemini/gemini-event-stream.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
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
export class ResponsesStreamConverter extends FaceStreamConverter {
  private readonly builder: ResponseBuilder;

  constructor(options: ResponsesStreamOptions, write: (sseText: string) => void) {
    super(options.usedKeys ?? []);
    this.builder = new ResponseBuilder(options, (event) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
    this.builder.start();
  }

  protected handleResponse(response: GeminiGenerateContentResponse): void {
    this.builder.handle(response);
  }

  protected isComplete(): boolean {
    return this.builder.finished;
  }

  protected writeEnd(): void {
    this.builder.complete();
  }

  protected writeError(error: ProxyError): void {
    this.builder.fail(error);
  }
}

export function convertResponsesStream(upstream: ReadableStream<Uint8Array>, options: ResponsesStreamOptions): ReadableStream<Uint8Array> {
  return convertGeminiStream(upstream, (write) => new ResponsesStreamConverter(options, write));
}
