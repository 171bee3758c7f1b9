/**
 * Gemini sometimes answers 200 with nothing in it: a candidate with no parts (finish reason STOP), or
 * one that stopped with MALFORMED_FUNCTION_CALL or OTHER. For the user it is a blank reply; the same
 * request usually succeeds when asked again, so generation calls ask again (with the next key) before
 * passing such an answer on. A stream is held back only until its first event with content.
 */
import type { FailoverResult } from '../keys/failover.ts';
import { isJsonObject } from '../json-value.ts';
import { responseWithWholeBody } from '../http/whole-body.ts';
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
 * are passed on at once (failover has already tried the other keys).
 */
export async function sendUntilNotBlank(send: () => Promise<FailoverResult>, streamed: boolean, retries: number, signal?: AbortSignal): Promise<FailoverResult> {
  if (retries === 0) return send();
  for (let attempt = 0; ; attempt++) {
    const result = await send();
    if (!result.response.ok || !result.response.body) return result;
    const isLast = attempt >= retries;
    const checked = streamed ? await holdUntilContent(result.response) : await readWhole(result.response);
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
 * beginning and goes on with the rest as it arrives. The check reads one branch of a tee; the answer is
 * the other, which the runtime passes on by itself once the check is done (in workerd a stream that JS
 * pulls piece by piece costs a hand-off per piece: most of a passed-through stream's CPU).
 */
async function holdUntilContent(response: Response): Promise<Checked> {
  const [checked, passed] = response.body!.tee();
  const reader = checked.getReader();
  const decoder = new TextDecoder();
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
  let ended = false;
  try {
    while (!found) {
      const { done, value } = await reader.read();
      if (done) {
        parser.end();
        ended = true;
        break;
      }
      parser.push(decoder.decode(value, { stream: true }));
    }
  } catch {
    // A stream that broke before any content: the answer's branch carries what came, then the same failure.
    return { response: new Response(passed, { status: response.status, statusText: response.statusText, headers: response.headers }), blank: false };
  }
  if (!ended) reader.cancel().catch(() => undefined);
  return { response: new Response(passed, { status: response.status, statusText: response.statusText, headers: response.headers }), blank: !found && !explained };
}
