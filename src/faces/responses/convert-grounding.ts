import type { GeminiGroundingMetadata } from '../../gemini/types.ts';
import type { UrlCitation } from './types.ts';

/** Google Search grounding as OpenAI `url_citation` annotations of a message's text, with Gemini's byte offsets as character offsets. */
export function convertGrounding(text: string, grounding: GeminiGroundingMetadata | undefined): UrlCitation[] {
  const chunks = grounding?.groundingChunks ?? [];
  const supports = grounding?.groundingSupports ?? [];
  if (chunks.length === 0 || supports.length === 0) return [];
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const characterIndex = (byteOffset: number | undefined): number => decoder.decode(bytes.subarray(0, Math.min(byteOffset ?? 0, bytes.length))).length;
  const citations: UrlCitation[] = [];
  for (const support of supports) {
    const start = characterIndex(support.segment?.startIndex);
    const end = characterIndex(support.segment?.endIndex);
    for (const chunkIndex of support.groundingChunkIndices ?? []) {
      const web = chunks[chunkIndex]?.web;
      if (web?.uri) citations.push({ type: 'url_citation', url: web.uri, title: web.title ?? web.uri, start_index: start, end_index: end });
    }
  }
  return citations;
}
