import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createToolCallId, extraContentFor, signatureFromToolCallId, signatureOfHistoryToolCall } from './tool-call-signature.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);

function recordedSignatures(): string[] {
  const signatures: string[] = [];
  for (const name of ['google-tool-call-gemini3.chunks.txt', 'google-stream-no-args-tool-call.chunks.txt', 'google-reasoning.chunks.txt']) {
    const text = readFileSync(new URL(name, RECORDINGS), 'utf8');
    for (const match of text.matchAll(/"thoughtSignature":"([^"]+)"/g)) signatures.push(match[1] as string);
  }
  return signatures;
}

describe('thought signatures in tool call ids', () => {
  const signatures = recordedSignatures();

  it('has real signatures to test with, including +, / and = padding', () => {
    expect(signatures.length).toBeGreaterThanOrEqual(3);
    expect(signatures.some((signature) => signature.includes('+') && signature.includes('/'))).toBe(true);
    expect(signatures.some((signature) => signature.endsWith('='))).toBe(true);
  });

  it('every recorded signature survives the round trip through an id made only of [A-Za-z0-9_-]', () => {
    for (const signature of signatures) {
      const id = createToolCallId(signature);
      expect(id).toMatch(/^call_[A-Za-z0-9]{24}_ts_[A-Za-z0-9_-]+$/);
      expect(signatureFromToolCallId(id)).toBe(signature);
    }
  });

  it('ids are unique, and an id without signature is short and carries none', () => {
    const id = createToolCallId();
    expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(signatureFromToolCallId(id)).toBeUndefined();
    expect(createToolCallId('abc=')).not.toBe(createToolCallId('abc='));
  });

  it('ids from other sources carry no signature', () => {
    expect(signatureFromToolCallId('call_abc123')).toBeUndefined();
    expect(signatureFromToolCallId('toolu_01A09q90qw90lq917835lq9')).toBeUndefined();
    expect(signatureFromToolCallId('call_ab_ts_')).toBeUndefined();
  });

  it('a history tool call gives its signature from extra_content first, then from its id', () => {
    const fromId = createToolCallId('c2lnbmF0dXJl');
    expect(signatureOfHistoryToolCall({ id: fromId })).toBe('c2lnbmF0dXJl');
    expect(signatureOfHistoryToolCall({ id: fromId, extra_content: extraContentFor('b3RoZXI=') })).toBe('b3RoZXI=');
    expect(signatureOfHistoryToolCall({ id: 'call_plain', extra_content: { google: {} } })).toBeUndefined();
  });

  it('extra_content has the shape of Google\'s OpenAI endpoint', () => {
    expect(extraContentFor('c2ln')).toEqual({ google: { thought_signature: 'c2ln' } });
    expect(extraContentFor(undefined)).toBeUndefined();
  });
});
