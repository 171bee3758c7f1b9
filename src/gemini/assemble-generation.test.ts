import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureChunks } from '../../test/support/fixtures.ts';
import type { JsonObject } from '../json-value.ts';
import { GenerationAssembler } from './assemble-generation.ts';

function assemble(events: JsonObject[]): JsonObject {
  const assembler = new GenerationAssembler();
  for (const event of events) assembler.push(event);
  return assembler.result();
}

describe('GenerationAssembler', () => {
  it('joins streamed text into the one part a non-streamed answer has, with the last finish reason and usage', () => {
    const events = readFixtureChunks('google-text.chunks.txt').map((line) => JSON.parse(line) as JsonObject);
    const result = assemble(events) as { candidates: Array<{ content: { parts: Array<{ text: string }> }; finishReason: string }>; usageMetadata: unknown };
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]!.content.parts).toEqual([{ text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y', thoughtSignature: expect.any(String) }]);
    expect(result.candidates[0]!.finishReason).toBe('STOP');
    expect(result.usageMetadata).toEqual((events.at(-1) as { usageMetadata: unknown }).usageMetadata);
  });

  it('gives back a non-streamed answer unchanged when it is cut into events', () => {
    const whole = JSON.parse(readFixture('google-reasoning.json')) as JsonObject;
    const candidate = (whole.candidates as JsonObject[])[0]!;
    const parts = (candidate.content as { parts: JsonObject[] }).parts;
    const events: JsonObject[] = [];
    for (const part of parts) {
      const text = typeof part.text === 'string' ? part.text : '';
      const half = Math.ceil(text.length / 2);
      const { thoughtSignature, ...rest } = part;
      if (text.length > 1) {
        events.push({ candidates: [{ content: { role: 'model', parts: [{ ...rest, text: text.slice(0, half) }] }, index: 0 }] });
        events.push({ candidates: [{ content: { role: 'model', parts: [{ ...rest, text: text.slice(half), ...(thoughtSignature ? { thoughtSignature } : {}) }] }, index: 0 }] });
      } else {
        events.push({ candidates: [{ content: { role: 'model', parts: [part] }, index: 0 }] });
      }
    }
    const { content: _, ...candidateFields } = candidate;
    events.push({ candidates: [{ content: { role: 'model', parts: [] }, ...candidateFields }], usageMetadata: whole.usageMetadata, modelVersion: whole.modelVersion, responseId: whole.responseId });
    expect(assemble(events)).toEqual(whole);
  });

  it('keeps function calls and their signatures as parts of their own', () => {
    const call = { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' };
    const result = assemble([
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Let me check. ' }] } }] },
      { candidates: [{ content: { role: 'model', parts: [call] }, finishReason: 'STOP' }] },
    ]);
    expect(result.candidates).toEqual([{ content: { role: 'model', parts: [{ text: 'Let me check. ' }, call] }, finishReason: 'STOP' }]);
  });
});
