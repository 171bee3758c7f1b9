import { invalidRequest } from '../../errors.ts';

/** Chat's `modalities` (`["text", "image"]`) as Gemini's responseModalities; audio answers are the speech endpoint's. */
export function convertModalities(modalities: unknown): string[] | undefined {
  if (modalities === undefined || modalities === null) return undefined;
  if (!Array.isArray(modalities) || !modalities.every((modality) => modality === 'text' || modality === 'image' || modality === 'audio')) {
    throw invalidRequest('modalities must be a list of "text" and "image".', 'modalities');
  }
  if (modalities.includes('audio')) {
    throw invalidRequest('Audio answers in chat are not supported; send the text to /v1/audio/speech to hear it.', 'modalities');
  }
  return modalities.length > 0 ? modalities.map((modality: string) => modality.toUpperCase()) : undefined;
}
