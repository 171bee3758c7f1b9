import type { GeminiPart } from '../../gemini/types.ts';
import type { OpenAIImageUrl } from './types.ts';

/** A generated image of an answer (thought images, drafts of a thinking image model, left out). */
export function isAnswerImage(part: GeminiPart): boolean {
  return !part.thought && part.inlineData?.mimeType.startsWith('image/') === true;
}

/** An image of a chat answer as `images[]` carries it, the convention of several OpenAI-compatible services. */
export function imageUrlOf(part: GeminiPart): OpenAIImageUrl {
  return { type: 'image_url', image_url: { url: `data:${part.inlineData?.mimeType};base64,${part.inlineData?.data}` } };
}
