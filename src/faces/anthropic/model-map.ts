import type { ProxyConfig } from '../../config.ts';
import { isGeminiModelName, resolveChatModel } from '../../gemini/resolve-model.ts';

/**
 * The Gemini model that answers an Anthropic request. A Gemini name is used as given
 * (`ANTHROPIC_MODEL=gemini-2.5-pro`); a `claude-*` name goes to the model of the first fragment of
 * ANTHROPIC_MODEL_MAP it contains (`claude-haiku-4-5` → haiku); any other name to DEFAULT_MODEL.
 */
export function geminiModelFor(requested: unknown, config: Pick<ProxyConfig, 'anthropicModelMap' | 'defaultModel'>): string {
  const name = typeof requested === 'string' ? requested.trim() : '';
  if (isGeminiModelName(name)) return resolveChatModel(name, config.defaultModel).model;
  const lowerCase = name.toLowerCase();
  return config.anthropicModelMap.find(([fragment]) => lowerCase.includes(fragment))?.[1] ?? config.defaultModel;
}
