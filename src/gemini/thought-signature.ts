import { base64ToBase64Url, base64UrlToBase64 } from '../base64.ts';
import type { GeminiContent } from './types.ts';

/**
 * Gemini 3 answers a function call with a `thoughtSignature` and refuses (400) a later request whose
 * history has that call without it. Clients of the translated APIs know nothing of the field, but all
 * of them echo a tool call's id unchanged, so every face carries the signature inside the id:
 * `<prefix>_<24 random letters/digits>_ts_<signature in base64url, no padding>`.
 * The random part never contains `_`, so the first `_ts_` is the separator. The id stays within
 * `[A-Za-z0-9_-]`; it is long (a signature is a few hundred to a few thousand characters), which
 * the clients accept.
 */

const SIGNATURE_SEPARATOR = '_ts_';
const RANDOM_LENGTH = 24;
const ID_WITH_SIGNATURE = /^[A-Za-z]+_[A-Za-z0-9]+_ts_([A-Za-z0-9_-]+)$/;

/** A new call id in a face's style (`call`, `toolu`, `fc`), carrying the signature when there is one. */
export function createCallId(prefix: string, thoughtSignature?: string): string {
  const id = `${prefix}_${randomAlphanumeric(RANDOM_LENGTH)}`;
  return thoughtSignature ? id + SIGNATURE_SEPARATOR + base64ToBase64Url(thoughtSignature) : id;
}

/** The signature an id made by `createCallId` carries; undefined for ids from anywhere else. */
export function signatureFromCallId(id: string): string | undefined {
  const encoded = ID_WITH_SIGNATURE.exec(id)?.[1];
  return encoded ? base64UrlToBase64(encoded) : undefined;
}

function randomAlphanumeric(length: number): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, length);
}

/**
 * Google's documented stand-in for a signature that was lost: a Gemini 3 model accepts a replayed
 * function call carrying it instead of refusing the request. A real signature always wins.
 */
export const SKIP_SIGNATURE_VALIDATOR = 'skip_thought_signature_validator';

const VALIDATES_SIGNATURES = /^gemini-3[.-]/;

/**
 * A history ready for Gemini: on Gemini 3, a model turn whose function calls came back without any
 * signature (a client that rebuilt the calls, or a conversation started elsewhere) gets the stand-in on
 * its first call, where Gemini puts the signature of a step. Other models take calls without one.
 */
export function withReplayableSignatures(contents: readonly GeminiContent[], model: string): void {
  if (!VALIDATES_SIGNATURES.test(model)) return;
  for (const content of contents) {
    if (content.role !== 'model') continue;
    const calls = content.parts.filter((part) => part.functionCall);
    const first = calls[0];
    if (first && !calls.some((part) => part.thoughtSignature)) first.thoughtSignature = SKIP_SIGNATURE_VALIDATOR;
  }
}
