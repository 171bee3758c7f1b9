import { checkedModelId, stripModelsPrefix } from '../../gemini/resolve-model.ts';

const IMAGE_MODEL = /^(gemini-|imagen-)/;
const SPEECH_MODEL = /^gemini-/;

export interface ResolvedImageModel {
  readonly model: string;
  /** Imagen answers through `:predict`; Gemini image models through generateContent. */
  readonly imagen: boolean;
}

/** Gemini and Imagen names (and `models/…`) as given; OpenAI's (`gpt-image-1`, `dall-e-3`) or none go to the default. */
export function resolveImageModel(requested: unknown, defaultModel: string): ResolvedImageModel {
  const model = resolveNamed(requested, IMAGE_MODEL) ?? defaultModel;
  return { model, imagen: model.startsWith('imagen-') };
}

/** Gemini TTS names as given; OpenAI's (`tts-1`, `gpt-4o-mini-tts`) or none go to the default. */
export function resolveSpeechModel(requested: unknown, defaultModel: string): string {
  return resolveNamed(requested, SPEECH_MODEL) ?? defaultModel;
}

function resolveNamed(requested: unknown, pattern: RegExp): string | undefined {
  const name = typeof requested === 'string' ? requested.trim() : '';
  return name.startsWith('models/') || pattern.test(name) ? checkedModelId(stripModelsPrefix(name)) : undefined;
}
