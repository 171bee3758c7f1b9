/**
 * Where the Anthropic face carries Gemini's thought signatures. A function call's goes in its
 * `tool_use` id (gemini/thought-signature.ts). Any other, when thinking is on and it does not come
 * after the answer's text, goes in the `signature` of a thinking block, marked as Gemini's: a signature Anthropic made (a conversation started on Anthropic's API) is
 * dropped, never sent to Gemini. Sent back, a thinking block's signature goes on the Gemini part
 * that follows it in the turn (the one Gemini put it on), or on the turn's last part if none follows.
 */
const GEMINI_SIGNATURE_PREFIX = 'gemini:';

export function thinkingSignatureFor(geminiSignature: string): string {
  return GEMINI_SIGNATURE_PREFIX + geminiSignature;
}

export function geminiSignatureOf(signature: unknown): string | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(GEMINI_SIGNATURE_PREFIX)) return undefined;
  return signature.slice(GEMINI_SIGNATURE_PREFIX.length) || undefined;
}
