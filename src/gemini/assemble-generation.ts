/**
 * Gemini's `streamGenerateContent` events put back together into the one response `generateContent`
 * returns for the same answer: per candidate, text parts of the same kind (thought or not) joined
 * until a thought signature closes them, every other part (function calls, images) kept as it came,
 * and for every other field the last value sent (finish reason, grounding, usage, model version).
 */
import { isJsonObject, type JsonObject } from '../json-value.ts';

export class GenerationAssembler {
  private readonly response: JsonObject = {};
  private readonly candidates: JsonObject[] = [];

  push(event: JsonObject): void {
    for (const [field, value] of Object.entries(event)) {
      if (field === 'candidates' && Array.isArray(value)) value.forEach((candidate, position) => this.mergeCandidate(candidate, position));
      else this.response[field] = value;
    }
  }

  result(): JsonObject {
    if (this.candidates.length === 0) return this.response;
    const { candidates: _, ...rest } = this.response;
    return { candidates: this.candidates, ...rest };
  }

  private mergeCandidate(candidate: unknown, position: number): void {
    if (!isJsonObject(candidate)) return;
    const index = typeof candidate.index === 'number' ? candidate.index : position;
    const merged = (this.candidates[index] ??= {});
    for (const [field, value] of Object.entries(candidate)) {
      if (field === 'content' && isJsonObject(value)) mergeContent(merged, value);
      else merged[field] = value;
    }
  }
}

function mergeContent(candidate: JsonObject, content: JsonObject): void {
  const merged = isJsonObject(candidate.content) ? candidate.content : (candidate.content = {});
  for (const [field, value] of Object.entries(content)) {
    if (field !== 'parts' || !Array.isArray(value)) {
      merged[field] = value;
      continue;
    }
    const parts = Array.isArray(merged.parts) ? (merged.parts as unknown[]) : (merged.parts = []);
    for (const part of value) appendPart(parts as JsonObject[], part);
  }
}

/** Only `text`, `thought` and `thoughtSignature`: a piece of streamed text. */
function isTextPart(part: JsonObject): boolean {
  return typeof part.text === 'string' && Object.keys(part).every((field) => field === 'text' || field === 'thought' || field === 'thoughtSignature');
}

function appendPart(parts: JsonObject[], part: unknown): void {
  if (!isJsonObject(part)) return;
  const previous = parts[parts.length - 1];
  const joins = previous !== undefined && isTextPart(previous) && isTextPart(part) && previous.thought === part.thought && previous.thoughtSignature === undefined;
  if (!joins) {
    parts.push({ ...part });
    return;
  }
  previous.text = `${previous.text as string}${part.text as string}`;
  if (part.thoughtSignature !== undefined) previous.thoughtSignature = part.thoughtSignature;
}
