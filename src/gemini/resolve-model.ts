import { DEFAULT_CHAT_MODEL, MODEL_ID } from '../config.ts';
import { invalidRequest } from '../errors.ts';

const GEMINI_CHAT_MODEL = /^(gemini-|gemma-|learnlm-)/;
const GEMINI_EMBEDDING_MODEL = /^(gemini-|embedding-|text-embedding-00\d)/;
const WEB_SEARCH_SUFFIX = /(:search|-search)$/;

export interface ResolvedChatModel {
  /** The Gemini model id, without `models/`. */
  readonly model: string;
  /** The name asked for a web search (`:search` / `-search` suffix). */
  readonly webSearch: boolean;
}

/**
 * Which Gemini model answers. Gemini names (and `models/…`) are used as given; any other name —
 * `gpt-4o` from a client with a fixed model list — goes to the configured default.
 */
export function resolveChatModel(requested: unknown, defaultModel: string): ResolvedChatModel {
  const name = typeof requested === 'string' ? requested.trim() : '';
  const withoutSuffix = name.replace(WEB_SEARCH_SUFFIX, '');
  if (!isGeminiName(withoutSuffix, GEMINI_CHAT_MODEL)) return { model: defaultModel, webSearch: false };
  return { model: checkedModelId(stripModelsPrefix(withoutSuffix)), webSearch: withoutSuffix !== name };
}

export function resolveEmbeddingModel(requested: unknown, defaultModel: string): string {
  const name = typeof requested === 'string' ? requested.trim() : '';
  return isGeminiName(name, GEMINI_EMBEDDING_MODEL) ? checkedModelId(stripModelsPrefix(name)) : defaultModel;
}

export function isGeminiModelName(name: string): boolean {
  return isGeminiName(name, GEMINI_CHAT_MODEL);
}

function isGeminiName(name: string, pattern: RegExp): boolean {
  return name.startsWith('models/') || pattern.test(name);
}

export function stripModelsPrefix(name: string): string {
  return name.startsWith('models/') ? name.slice('models/'.length) : name;
}

/** A model id that can go into the upstream path as one segment; anything else is refused with 400. */
export function checkedModelId(model: string): string {
  if (MODEL_ID.test(model)) return model;
  throw invalidRequest(
    `The model name "${model.slice(0, 100)}" is not a valid Gemini model id. Use a name such as ${DEFAULT_CHAT_MODEL} (letters, digits, ".", "-" and "_").`,
    'model',
    'model_not_found',
  );
}
