import { OpenAIRequestError } from './openai-error.ts';

export const FALLBACK_CHAT_MODEL = 'gemini-2.5-flash';
export const FALLBACK_EMBEDDING_MODEL = 'gemini-embedding-001';

const GEMINI_CHAT_MODEL = /^(gemini-|gemma-|learnlm-)/;
const GEMINI_EMBEDDING_MODEL = /^(gemini-|embedding-|text-embedding-00\d)/;
const WEB_SEARCH_SUFFIX = /(:search|-search)$/;
/** Keeps the model name a single path segment of the upstream URL. */
const SAFE_MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

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
export function resolveChatModel(requested: unknown, defaultModel: string | undefined): ResolvedChatModel {
  const name = typeof requested === 'string' ? requested.trim() : '';
  const withoutSuffix = name.replace(WEB_SEARCH_SUFFIX, '');
  if (!isGeminiName(withoutSuffix, GEMINI_CHAT_MODEL)) {
    return { model: checkedModelId(configuredDefault(defaultModel, FALLBACK_CHAT_MODEL)), webSearch: false };
  }
  return { model: checkedModelId(stripModelsPrefix(withoutSuffix)), webSearch: withoutSuffix !== name };
}

export function resolveEmbeddingModel(requested: unknown, defaultModel: string | undefined): string {
  const name = typeof requested === 'string' ? requested.trim() : '';
  const model = isGeminiName(name, GEMINI_EMBEDDING_MODEL) ? stripModelsPrefix(name) : configuredDefault(defaultModel, FALLBACK_EMBEDDING_MODEL);
  return checkedModelId(model);
}

function isGeminiName(name: string, pattern: RegExp): boolean {
  return name.startsWith('models/') || pattern.test(name);
}

function configuredDefault(configured: string | undefined, fallback: string): string {
  return stripModelsPrefix(configured?.trim() || fallback);
}

function stripModelsPrefix(name: string): string {
  return name.startsWith('models/') ? name.slice('models/'.length) : name;
}

function checkedModelId(model: string): string {
  if (SAFE_MODEL_ID.test(model)) return model;
  throw new OpenAIRequestError(
    `The model name "${model.slice(0, 100)}" is not a valid Gemini model id. Use a name such as ${FALLBACK_CHAT_MODEL} (letters, digits, ".", "-" and "_").`,
    { param: 'model', code: 'model_not_found' },
  );
}
