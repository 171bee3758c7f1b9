/**
 * Gemini sometimes answers 200 with nothing in it: a candidate with no parts (finish reason STOP), or
 * one that stopped with MALFORMED_FUNCTION_CALL or OTHER. For the user it is a blank reply; the same
 * request usually succeeds when asked again, so generation calls ask again (with the next key) before
 * passing such an answer on. A stream is held back only until its first event with content.
 */
import type { FailoverResult } from '../keys/failover.ts';
import { isJsonObject } from '../json-value.ts';
import { responseWithWholeBody } from '../http/whole-body.ts';
import { pieceReaderOf, type PieceReader } from './event-piece-reader.ts';
import { SseDataParser } from './sse-data-parser.ts';

const BLANK_FINISH_REASONS = new Set(['STOP', 'MALFORMED_FUNCTION_CALL', 'OTHER']);

/** Anything the user would see: a part other than an empty text (thoughts count, as clients show them). */
function hasContent(candidate: unknown, visibleOnly: boolean): boolean {
  const parts = isJsonObject(candidate) && isJsonObject(candidate.content) ? candidate.content.parts : undefined;
  if (!Array.isArray(parts)) return false;
  return parts.some((part) => isJsonObject(part) && !(visibleOnly && part.thought === true) && !(Object.keys(part).every((field) => field === 'text' || field === 'thought' || field === 'thoughtSignature') && !part.text));
}

/** A whole answer with candidates, none of which says anything visible, stopped for no reason worth passing on. */
export function isBlankAnswer(answer: unknown): boolean {
  const candidates = isJsonObject(answer) ? answer.candidates : undefined;
  if (!Array.isArray(candidates) || candidates.length === 0) return false;
  return candidates.every(
    (candidate) => !hasContent(candidate, true) && isJsonObject(candidate) && (candidate.finishReason === undefined || BLANK_FINISH_REASONS.has(String(candidate.finishReason))),
  );
}

/** A stream event that carries something to show. */
export function eventHasContent(event: unknown): boolean {
  const candidates = isJsonObject(event) ? event.candidates : undefined;
  return Array.isArray(candidates) && candidates.some((candidate) => hasContent(candidate, false));
}

/** A stream event that says why nothing came (a safety stop, MAX_TOKENS, a blocked prompt): an answer to pass on, not a blank one. */
export function eventExplainsSilence(event: unknown): boolean {
  if (!isJsonObject(event)) return false;
  if (isJsonObject(event.promptFeedback) && event.promptFeedback.blockReason !== undefined) return true;
  const candidates = event.candidates;
  return Array.isArray(candidates) && candidates.some((candidate) => isJsonObject(candidate) && candidate.finishReason !== undefined && !BLANK_FINISH_REASONS.has(String(candidate.finishReason)));
}

export function isGenerationPath(pathname: string): boolean {
  return /:(generateContent|streamGenerateContent)$/.test(pathname);
}

/**
 * Sends a generation (each `send` picks the next key in turn) until its answer is not blank, at most
 * `retries` more times; the last answer is passed on as Gemini gave it, blank or not. Error answers
 * are passed on at once (failover has already tried the other keys). `readInJs`: whoever gets a
 * stream reads it in JS anyway (the translated faces), so the check's own reader is handed on; with
 * `wholeEvents`, one that reads each event whole (see event-piece-reader.ts).
 */
export async function sendUntilNotBlank(
  send: () => Promise<FailoverResult>,
  streamed: boolean,
  retries: number,
  signal?: AbortSignal,
  readInJs?: { readonly wholeEvents: boolean },
): Promise<FailoverResult> {
  if (retries === 0) return send();
  for (let attempt = 0; ; attempt++) {
    const result = await send();
    if (!result.response.ok || !result.response.body) return result;
    const isLast = attempt >= retries;
    const checked = streamed ? await holdUntilContent(result.response, readInJs) : await readWhole(result.response);
    if (!checked.blank || isLast || signal?.aborted) return { ...result, response: checked.response };
    await checked.response.body?.cancel().catch(() => undefined);
  }
}

interface Checked {
  readonly response: Response;
  readonly blank: boolean;
}

/** Parts that say something whatever else the answer holds; text needs a look at whether it is a thought. */
const PLAINLY_NOT_BLANK = /"(?:functionCall|inlineData|fileData|executableCode|codeExecutionResult)"/;

async function readWhole(response: Response): Promise<Checked> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let blank = false;
  const text = new TextDecoder().decode(bytes);
  // Parsing is only for answers that might be blank: most answers show they are not at a glance.
  const plainlyNotBlank = PLAINLY_NOT_BLANK.test(text) || (!text.includes('"thought"') && /"text":\s*"(?!")/.test(text));
  if (!plainlyNotBlank) {
    try {
      blank = isBlankAnswer(JSON.parse(text));
    } catch {
      // Not JSON: not ours to judge; passed on as it came.
    }
  }
  return { response: responseWithWholeBody(bytes, response), blank };
}

/**
 * Reads a stream until an event with content (or the end) and hands back a stream that starts at the
 * beginning and goes on with the rest as it arrives. For a stream passed on as it is, the check reads
 * one branch of a tee and the answer is the other, which the runtime passes on by itself (in workerd a
 * stream that JS pulls piece by piece costs a hand-off per piece: most of a passed-through stream's
 * CPU). For a stream read in JS anyway, the check reads the stream itself and hands its reader on
 * (see takeHeldReader): a tee there would only add a copy of every piece.
 */
async function holdUntilContent(response: Response, readInJs: { readonly wholeEvents: boolean } | undefined): Promise<Checked> {
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (readInJs) {
    const reader = pieceReaderOf(response.body!, readInJs.wholeEvents);
    const search = await readUntilContent(reader, true);
    return { response: new Response(continuedBody(search.held, reader), init), blank: search.blank };
  }
  const [checked, passed] = response.body!.tee();
  const reader = checked.getReader();
  const search = await readUntilContent(reader, false);
  if (!search.done) reader.cancel().catch(() => undefined);
  return { response: new Response(passed, init), blank: search.blank };
}

interface ContentSearch {
  /** No content, and nothing said why: an answer to ask again. */
  readonly blank: boolean;
  /** The stream ended or broke while it was read. */
  readonly done: boolean;
  /** What was read, when kept. */
  readonly held: Uint8Array[];
}

async function readUntilContent(reader: PieceReader, keep: boolean): Promise<ContentSearch> {
  const decoder = new TextDecoder();
  const held: Uint8Array[] = [];
  let found = false;
  let explained = false;
  const parser = new SseDataParser((data) => {
    if (found) return;
    try {
      const event: unknown = JSON.parse(data);
      found = eventHasContent(event);
      explained ||= eventExplainsSilence(event);
    } catch {
      found = true; // An event the proxy cannot read is not a blank answer; the client's converter says what it is.
    }
  });
  try {
    while (!found) {
      const { done, value } = await reader.read();
      if (done) {
        parser.end();
        return { blank: !found && !explained, done: true, held };
      }
      if (keep) held.push(value);
      parser.push(decoder.decode(value, { stream: true }));
    }
  } catch {
    // A stream that broke before any content: the answer carries what came, then the same failure.
    return { blank: false, done: true, held };
  }
  return { blank: false, done: false, held };
}

interface HeldReader {
  /** The pieces the check read, in order. */
  readonly held: Uint8Array[];
  /** The stream's reader, to go on with. */
  readonly reader: PieceReader;
}

const heldReaders = new WeakMap<ReadableStream<Uint8Array>, HeldReader>();

/** What the check read, then the rest as it arrives: a stream anyone can read, whose reader a JS consumer can take instead. */
function continuedBody(held: Uint8Array[], reader: PieceReader): ReadableStream<Uint8Array> {
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const piece = held.shift();
        if (piece) {
          controller.enqueue(piece);
          return;
        }
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Nothing is pulled before someone reads: the pieces stay with the reader for takeHeldReader.
    { highWaterMark: 0 },
  );
  heldReaders.set(body, { held, reader });
  return body;
}

/**
 * For a consumer that reads a checked stream in JS: the pieces already read and the reader to go on
 * with, rather than the stream around them (no hand-off between two JS streams per piece). The stream
 * is locked from then on; undefined for any other stream, or one already read.
 */
export function takeHeldReader(body: ReadableStream<Uint8Array>): HeldReader | undefined {
  const taken = heldReaders.get(body);
  if (!taken || body.locked) return undefined;
  heldReaders.delete(body);
  body.getReader();
  return taken;
}
