import { isJsonObject } from '../../json-value.ts';
import { createCallId, signatureFromCallId } from '../../gemini/thought-signature.ts';

/**
 * Where the OpenAI face puts a tool call's Gemini thought signature: in its id (see
 * gemini/thought-signature.ts), and in `extra_content.google.thought_signature`, as Google's own
 * OpenAI endpoint does, for clients that keep unknown fields. It takes the signature back from either.
 */

export interface GoogleExtraContent {
  google: { thought_signature: string };
}

export function createToolCallId(thoughtSignature?: string): string {
  return createCallId('call', thoughtSignature);
}

export const signatureFromToolCallId = signatureFromCallId;

export function extraContentFor(thoughtSignature: string | undefined): GoogleExtraContent | undefined {
  return thoughtSignature ? { google: { thought_signature: thoughtSignature } } : undefined;
}

/** The signature of a tool call coming back in the history: from `extra_content` first, else from its id. */
export function signatureOfHistoryToolCall(toolCall: { id?: unknown; extra_content?: unknown }): string | undefined {
  const google = isJsonObject(toolCall.extra_content) ? toolCall.extra_content.google : undefined;
  const fromExtra = isJsonObject(google) ? google.thought_signature : undefined;
  if (typeof fromExtra === 'string' && fromExtra) return fromExtra;
  return typeof toolCall.id === 'string' ? signatureFromCallId(toolCall.id) : undefined;
}
