/**
 * A recorded non-streamed answer cut into the stream events Gemini would send for it: each text part
 * in two halves (its signature on the second), other parts whole, and the finish reason, usage, model
 * version and response id in a last event. Put back together, the events are the answer again.
 */
import type { JsonBody } from './fake-gemini.ts';

export function splitIntoEvents(whole: JsonBody): string[] {
  const candidate = (whole.candidates as JsonBody[])[0]!;
  const parts = (candidate.content as { parts: JsonBody[] }).parts;
  const event = (part: JsonBody) => JSON.stringify({ candidates: [{ content: { role: 'model', parts: [part] }, index: 0 }] });
  const events: string[] = [];
  for (const part of parts) {
    const text = typeof part.text === 'string' ? part.text : '';
    if (text.length < 2) {
      events.push(event(part));
      continue;
    }
    const { thoughtSignature, ...rest } = part;
    const half = Math.ceil(text.length / 2);
    events.push(event({ ...rest, text: text.slice(0, half) }));
    events.push(event({ ...rest, text: text.slice(half), ...(thoughtSignature ? { thoughtSignature } : {}) }));
  }
  const { content: _, ...candidateFields } = candidate;
  events.push(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [] }, ...candidateFields }], usageMetadata: whole.usageMetadata, modelVersion: whole.modelVersion, responseId: whole.responseId }));
  return events;
}
