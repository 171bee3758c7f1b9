import type { GeminiModel, GeminiModelList } from '../../gemini/types.ts';
import type { OpenAIModel, OpenAIModelList } from './types.ts';

/** Gemini's model list in OpenAI's shape, ids without the `models/` prefix (the form clients send back). */
export function convertModelList(pages: readonly GeminiModelList[]): OpenAIModelList {
  const data = pages
    .flatMap((page) => page.models ?? [])
    .filter((model): model is GeminiModel & { name: string } => typeof model.name === 'string' && model.name.length > 0)
    .map(convertModel);
  return { object: 'list', data };
}

/** One Gemini model (`GET /v1beta/models/{id}`) as OpenAI's model object. */
export function convertModel(model: GeminiModel & { name: string }): OpenAIModel {
  // Gemini does not say when a model was made; 0 keeps the field a number, as the SDKs' types demand.
  return { id: model.name.replace(/^models\//, ''), object: 'model', created: 0, owned_by: 'google' };
}
