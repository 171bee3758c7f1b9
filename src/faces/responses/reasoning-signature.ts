/**
 * A reasoning item's `encrypted_content` is where this face keeps the Gemini thought signature of the
 * step that follows it, so that a client replaying its output puts the signature back on the right
 * part. Ours carry a prefix: encrypted reasoning from OpenAI (or anyone else) is not ours to send to Gemini.
 */
const PREFIX = 'gemini-thought-signature:';

export function encryptedContentFor(signature: string): string {
  return PREFIX + signature;
}

export function signatureOfEncryptedContent(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(PREFIX) && value.length > PREFIX.length ? value.slice(PREFIX.length) : undefined;
}
