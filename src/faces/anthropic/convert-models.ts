import type { GeminiModel, GeminiModelList } from '../../gemini/types.ts';
import type { AnthropicModel, AnthropicModelList } from './types.ts';

/** Gemini's models that generate content, in Anthropic's list shape, on one page. */
export function convertModelList(pages: readonly GeminiModelList[]): AnthropicModelList {
  const data = pages
    .flatMap((page) => page.models ?? [])
    .filter((model) => model.name && (model.supportedGenerationMethods?.includes('generateContent') ?? true))
    .map((model) => convertModel(model));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

/** One Gemini model as Anthropic's model object, under the id the client asked for when it used one of its own names. */
export function convertModel(model: GeminiModel, id = (model.name ?? '').replace(/^models\//, '')): AnthropicModel {
  // Gemini does not say when a model was made.
  return { type: 'model', id, display_name: model.displayName ?? id, created_at: '1970-01-01T00:00:00Z' };
}
