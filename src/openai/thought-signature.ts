import { base64ToBase64Url, base64UrlToBase64 } from '../base64.ts';
import { isJsonObject } from '../json-value.ts';

/**
 * Gemini 3 answers a function call with a `thoughtSignature` and refuses (400) a later request whose
 * history has that call without it. OpenAI clients know nothing of the field, so the proxy sends it
 * out twice and takes it back from either place:
 *
 * - `extra_content.google.thought_signature` on the tool call, as Google's own OpenAI endpoint does
 *   (clients that keep unknown fields send it back);
 * - inside the tool call id, which every client echoes unchanged:
 *   `call_<24 random letters/digits>_ts_<signature in base64url, no padding>`.
 *   The random part never contains `_`, so the first `_ts_` is the separator. The id stays within
 *   `[A-Za-z0-9_-]`; it is long (a signature is a few hundred to a few thousand characters), which
 *   OpenAI clients accept.
 */

const ID_PREFIX = 'call_';
const SIGNATURE_SEPARATOR = '_ts_';
const RANDOM_LENGTH = 24;
const ID_WITH_SIGNATURE = /^call_[A-Za-z0-9]+_ts_([A-Za-z0-9_-]+)$/;

export interface GoogleExtraContent {
  google: { thought_signature: string };
}

export function createToolCallId(thoughtSignature?: string): string {
  const id = ID_PREFIX + randomAlphanumeric(RANDOM_LENGTH);
  return thoughtSignature ? id + SIGNATURE_SEPARATOR + base64ToBase64Url(thoughtSignature) : id;
}

export function signatureFromToolCallId(id: string): string | undefined {
  const encoded = ID_WITH_SIGNATURE.exec(id)?.[1];
  return encoded ? base64UrlToBase64(encoded) : undefined;
}

export function extraContentFor(thoughtSignature: string | undefined): GoogleExtraContent | undefined {
  return thoughtSignature ? { google: { thought_signature: thoughtSignature } } : undefined;
}

/** The signature of a tool call coming back in the history: from `extra_content` first, else from its id. */
export function signatureOfHistoryToolCall(toolCall: { id?: unknown; extra_content?: unknown }): string | undefined {
  const google = isJsonObject(toolCall.extra_content) ? toolCall.extra_content.google : undefined;
  const fromExtra = isJsonObject(google) ? google.thought_signature : undefined;
  if (typeof fromExtra === 'string' && fromExtra) return fromExtra;
  return typeof toolCall.id === 'string' ? signatureFromToolCallId(toolCall.id) : undefined;
}

function randomAlphanumeric(length: number): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, length);
}
