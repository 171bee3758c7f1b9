/** The reads of a Gemini event stream the proxy reads in JS (the blank-answer check, the translated faces' pump). */
export interface PieceReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/** Shorter than any event Gemini sends (its smallest, an error, is well over 100 bytes). */
const MIN_EVENT_BYTES = 64;
const READ_BYTES = 8192;
const LF = 10;
const CR = 13;

/**
 * Reads a body piece by piece. With `wholeEvents` (a platform whose fetch bodies honour a read's `min`
 * to their very end: workerd, Deno), a read that begins between two events asks for at least
 * MIN_EVENT_BYTES: their HTTP clients hand over the few bytes left after a chunk's header on their
 * own, so that each event took two reads, each a hand-off into JS (a third of a translated stream's
 * CPU in Deno, a tenth in workerd). No event is shorter, so none waits for the next; a read that
 * begins inside an event takes whatever has arrived. Otherwise, or for a stream that is not a byte
 * stream, a plain reader.
 */
export function pieceReaderOf(body: ReadableStream<Uint8Array>, wholeEvents: boolean): PieceReader {
  if (!wholeEvents) return body.getReader();
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return body.getReader();
  }
  // `min` (Streams, 2024) is not in TypeScript's DOM types yet; a runtime without it reads as without.
  const readInto = reader.read.bind(reader) as unknown as (view: Uint8Array, options?: { min: number }) => Promise<ReadableStreamReadResult<Uint8Array>>;
  let betweenEvents = true;
  let ended = false;
  return {
    async read() {
      if (ended) return { done: true, value: undefined };
      const { done, value } = await readInto(new Uint8Array(READ_BYTES), betweenEvents ? { min: MIN_EVENT_BYTES } : undefined);
      // A stream that ends within `min` bytes hands over the last of them with `done`.
      ended = done;
      if (!value || value.byteLength === 0) return { done: true, value: undefined };
      betweenEvents = endsAnEvent(value);
      return { done: false, value };
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

/** Whether a piece ends with an event's closing blank line (`\n\n` or `\r\n\r\n`). */
function endsAnEvent(piece: Uint8Array): boolean {
  let at = piece.length - 1;
  if (piece[at] !== LF) return false;
  at--;
  if (piece[at] === CR) at--;
  return piece[at] === LF;
}
