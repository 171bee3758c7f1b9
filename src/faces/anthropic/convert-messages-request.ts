import type { ProxyConfig } from '../../config.ts';
import { invalidRequest } from '../../errors.ts';
import { adjustJsonSchema } from '../../gemini/adjust-json-schema.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { thinkingForEffort } from '../../gemini/thinking.ts';
import { withReplayableSignatures } from '../../gemini/thought-signature.ts';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig, GeminiThinkingConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { convertMessages } from './convert-messages.ts';
import { convertTools } from './convert-tools.ts';
import { geminiModelFor } from './model-map.ts';

export interface ConvertMessagesRequestOptions {
  readonly config: Pick<ProxyConfig, 'anthropicModelMap' | 'defaultModel'>;
  /** Downloads the `url` sources of this request (at most a few). */
  readonly fetchFile: RemoteFileFetcher;
}

export interface ConvertedMessagesRequest {
  /** The Gemini model id that answers. */
  readonly model: string;
  /** The name the client asked for, which the answer reports as its `model`. */
  readonly requestedModel: string;
  readonly stream: boolean;
  /** Thinking was asked for: Gemini's thoughts come back as thinking blocks. */
  readonly thinking: boolean;
  readonly body: GeminiGenerateContentRequest;
}

const SAMPLING_FIELDS = [
  ['maxOutputTokens', 'max_tokens'],
  ['temperature', 'temperature'],
  ['topP', 'top_p'],
  ['topK', 'top_k'],
] as const;
/** Gemini takes at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;
const THINKING_MODEL = /^gemini-(2\.5|[3-9]|flash|pro)/;
const GEMINI_3 = /^gemini-[3-9]/;
/** Anthropic's `effort` in the reasoning efforts of gemini/thinking.ts. */
const ANTHROPIC_EFFORTS: Readonly<Record<string, string>> = { low: 'low', medium: 'medium', high: 'high', max: 'xhigh' };

/**
 * An Anthropic Messages request as a Gemini generateContent request. What has no Gemini meaning —
 * `cache_control`, `metadata`, `context_management`, `service_tier`, `anthropic-beta` features — is
 * ignored rather than refused.
 */
export async function convertMessagesRequest(body: unknown, options: ConvertMessagesRequestOptions): Promise<ConvertedMessagesRequest> {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "model", "max_tokens" and "messages".');
  const model = geminiModelFor(body.model, options.config);
  const { systemInstruction, contents } = await convertMessages(body.system, body.messages, options.fetchFile);
  withReplayableSignatures(contents, model);

  const request: GeminiGenerateContentRequest = { contents, ...convertTools(body.tools, body.tool_choice) };
  if (systemInstruction) request.systemInstruction = systemInstruction;
  const outputConfig = isJsonObject(body.output_config) ? body.output_config : {};
  const generationConfig: GeminiGenerationConfig = { ...samplingConfig(body), ...convertOutputFormat(body.output_format ?? outputConfig.format) };
  const thinkingConfig = THINKING_MODEL.test(model) ? convertThinking(body.thinking, outputConfig.effort, model) : undefined;
  if (thinkingConfig) generationConfig.thinkingConfig = thinkingConfig;
  if (Object.keys(generationConfig).length > 0) request.generationConfig = generationConfig;
  const requestedModel = typeof body.model === 'string' && body.model ? body.model : model;
  return { model, requestedModel, stream: body.stream === true, thinking: thinkingConfig?.includeThoughts === true, body: request };
}

function samplingConfig(body: JsonObject): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  for (const [geminiName, name] of SAMPLING_FIELDS) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${name} must be a number (got ${JSON.stringify(value)?.slice(0, 50)}).`, name);
    config[geminiName] = value;
  }
  const stops = body.stop_sequences;
  if (Array.isArray(stops) && stops.length > 0) {
    if (!stops.every((stop) => typeof stop === 'string')) throw invalidRequest('stop_sequences must be a list of strings.', 'stop_sequences');
    config.stopSequences = stops.slice(0, MAX_STOP_SEQUENCES);
  }
  return config;
}

/** Structured outputs (`output_format` or `output_config.format`, `{"type":"json_schema","schema"}`) as Gemini's JSON mode. */
function convertOutputFormat(format: unknown): GeminiGenerationConfig {
  if (!isJsonObject(format) || format.type !== 'json_schema') return {};
  if (!isJsonObject(format.schema)) throw invalidRequest('output_format.schema must be a JSON Schema object.', 'output_format.schema');
  return { responseMimeType: 'application/json', responseJsonSchema: adjustJsonSchema(format.schema) };
}

/**
 * `thinking` (`enabled` with `budget_tokens`, `adaptive`, `disabled`) and `output_config.effort` as
 * Gemini's thinking configuration: on Gemini 2.5 the budget asked for (within Gemini's range; adaptive
 * is Gemini's dynamic budget), otherwise the effort's level or budget (gemini/thinking.ts). Thinking
 * on asks for the thoughts too; an effort alone only sets how hard Gemini thinks.
 */
export function convertThinking(thinking: unknown, effort: unknown, model: string): GeminiThinkingConfig | undefined {
  const type = isJsonObject(thinking) ? thinking.type : undefined;
  if (type === 'disabled') return thinkingForEffort('none', model);
  const budget = isJsonObject(thinking) && type === 'enabled' && typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : undefined;
  const level = (typeof effort === 'string' ? ANTHROPIC_EFFORTS[effort] : undefined) ?? (budget === undefined ? undefined : effortForBudget(budget));
  const isGemini3 = GEMINI_3.test(model);
  if (type !== 'enabled' && type !== 'adaptive') return level ? { ...thinkingForEffort(level, model), includeThoughts: false } : undefined;
  if (budget !== undefined && !isGemini3) {
    const isPro = model.includes('pro');
    return { thinkingBudget: Math.min(Math.max(budget, isPro ? 128 : 0), isPro ? 32768 : 24576), includeThoughts: true };
  }
  if (level) return thinkingForEffort(level, model);
  return isGemini3 ? { includeThoughts: true } : { thinkingBudget: -1, includeThoughts: true };
}

function effortForBudget(budget: number): string {
  return budget < 4096 ? 'low' : budget < 16384 ? 'medium' : 'high';
}
