import { adjustJsonSchema } from '../../gemini/adjust-json-schema.ts';
import { convertMessages } from './convert-messages.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { convertTools } from './convert-tools.ts';
import { convertModalities } from './convert-modalities.ts';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig, GeminiSafetySetting, GeminiThinkingConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { invalidRequest } from '../../errors.ts';
import { resolveChatModel } from '../../gemini/resolve-model.ts';
import { withReplayableSignatures } from '../../gemini/thought-signature.ts';
import { REASONING_EFFORTS, thinkingForEffort } from '../../gemini/thinking.ts';

export interface ConvertChatRequestOptions {
  /** `DEFAULT_MODEL`: answers requests that name a non-Gemini model. */
  readonly defaultModel: string;
  /** Downloads the image URLs of this request (at most a few). */
  readonly fetchFile: RemoteFileFetcher;
}

export interface ConvertedChatRequest {
  /** Gemini model id, without `models/`. */
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly body: GeminiGenerateContentRequest;
}

/** An OpenAI chat completions request body as a Gemini generateContent request. */
export async function convertChatRequest(body: unknown, options: ConvertChatRequestOptions): Promise<ConvertedChatRequest> {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "model" and "messages".');
  const { model, webSearch } = resolveChatModel(body.model, options.defaultModel);
  const google = googleExtension(body);
  const { systemInstruction, contents } = await convertMessages(body.messages, options.fetchFile);
  withReplayableSignatures(contents, model);

  const request: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) request.systemInstruction = systemInstruction;
  const generationConfig = buildGenerationConfig(body, model, google);
  if (Object.keys(generationConfig).length > 0) request.generationConfig = generationConfig;
  const wantsSearch = webSearch || isJsonObject(body.web_search_options);
  Object.assign(request, convertTools(body.tools, body.tool_choice, wantsSearch));
  const safetySettings = convertSafetySettings(google.safety_settings ?? google.safetySettings);
  if (safetySettings) request.safetySettings = safetySettings;
  const cachedContent = google.cached_content ?? google.cachedContent;
  if (typeof cachedContent === 'string' && cachedContent) request.cachedContent = cachedContent;

  const streamOptions = isJsonObject(body.stream_options) ? body.stream_options : {};
  return { model, stream: body.stream === true, includeUsage: streamOptions.include_usage === true, body: request };
}

/**
 * Google's extension of the OpenAI API, `extra_body: {google: {…}}`. The OpenAI SDKs merge
 * `extra_body` into the top level of the JSON body, so `google` is read from both places.
 */
function googleExtension(body: JsonObject): JsonObject {
  const extraBody = isJsonObject(body.extra_body) ? body.extra_body : {};
  const nested = isJsonObject(extraBody.google) ? extraBody.google : {};
  const topLevel = isJsonObject(body.google) ? body.google : {};
  return { ...nested, ...topLevel };
}

function buildGenerationConfig(body: JsonObject, model: string, google: JsonObject): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  setNumber(config, 'temperature', body, 'temperature');
  setNumber(config, 'topP', body, 'top_p');
  setNumber(config, 'topK', body, 'top_k');
  setNumber(config, 'maxOutputTokens', body, body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens');
  setNumber(config, 'candidateCount', body, 'n');
  setNumber(config, 'seed', body, 'seed');
  // Clients often send penalties of 0; some Gemini models refuse any penalty ("Penalty is not enabled").
  if (optionalNumber(body, 'presence_penalty')) setNumber(config, 'presencePenalty', body, 'presence_penalty');
  if (optionalNumber(body, 'frequency_penalty')) setNumber(config, 'frequencyPenalty', body, 'frequency_penalty');
  const stopSequences = convertStop(body.stop);
  if (stopSequences) config.stopSequences = stopSequences;
  Object.assign(config, convertResponseFormat(body.response_format));
  const thinkingConfig = convertThinking(body.reasoning_effort, google.thinking_config ?? google.thinkingConfig, model);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  const responseModalities = convertModalities(body.modalities);
  if (responseModalities) config.responseModalities = responseModalities;
  return config;
}

export function setNumber<K extends keyof GeminiGenerationConfig>(config: GeminiGenerationConfig, geminiName: K, body: JsonObject, openAIName: string): void {
  const value = optionalNumber(body, openAIName);
  if (value !== undefined) (config as Record<string, unknown>)[geminiName] = value;
}

function optionalNumber(body: JsonObject, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidRequest(`${name} must be a number (got ${JSON.stringify(value)?.slice(0, 50)}).`, name);
  }
  return value;
}

function convertStop(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((item) => typeof item === 'string')) return stop.length > 0 ? stop : undefined;
  throw invalidRequest('stop must be a string or a list of strings.', 'stop');
}

export function convertResponseFormat(format: unknown): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseJsonSchema'> {
  if (format === undefined || format === null) return {};
  const type = isJsonObject(format) ? format.type : undefined;
  if (type === 'text') return {};
  if (type === 'json_object') return { responseMimeType: 'application/json' };
  if (type === 'json_schema' && isJsonObject(format)) {
    const jsonSchema = isJsonObject(format.json_schema) ? format.json_schema : {};
    if (!isJsonObject(jsonSchema.schema)) {
      throw invalidRequest('response_format.json_schema.schema is missing; send {"type":"json_schema","json_schema":{"name":"…","schema":{…}}}.', 'response_format');
    }
    return { responseMimeType: 'application/json', responseJsonSchema: adjustJsonSchema(jsonSchema.schema) };
  }
  throw invalidRequest(
    `response_format type ${JSON.stringify(type ?? format)} is not supported; use "text", "json_object" or "json_schema".`,
    'response_format',
  );
}

/**
 * `reasoning_effort` as Gemini's thinking configuration (gemini/thinking.ts). Asking for reasoning also
 * asks for the thought summaries, which come back as `reasoning_content`. Google's own
 * `thinking_config` wins when both are sent.
 */
export function convertThinking(reasoningEffort: unknown, googleThinkingConfig: unknown, model: string): GeminiThinkingConfig | undefined {
  if (isJsonObject(googleThinkingConfig)) return convertGoogleThinkingConfig(googleThinkingConfig);
  if (reasoningEffort === undefined || reasoningEffort === null) return undefined;
  if (typeof reasoningEffort !== 'string' || !REASONING_EFFORTS.has(reasoningEffort)) {
    throw invalidRequest(`reasoning_effort must be one of ${[...REASONING_EFFORTS].join(', ')}.`, 'reasoning_effort');
  }
  return thinkingForEffort(reasoningEffort, model);
}

function convertGoogleThinkingConfig(config: JsonObject): GeminiThinkingConfig {
  const thinking: GeminiThinkingConfig = {};
  const budget = config.thinking_budget ?? config.thinkingBudget;
  const level = config.thinking_level ?? config.thinkingLevel;
  const includeThoughts = config.include_thoughts ?? config.includeThoughts;
  if (typeof budget === 'number') thinking.thinkingBudget = budget;
  if (typeof level === 'string') thinking.thinkingLevel = level;
  if (typeof includeThoughts === 'boolean') thinking.includeThoughts = includeThoughts;
  return thinking;
}

function convertSafetySettings(settings: unknown): GeminiSafetySetting[] | undefined {
  if (settings === undefined || settings === null) return undefined;
  const valid = Array.isArray(settings) && settings.every((s) => isJsonObject(s) && typeof s.category === 'string' && typeof s.threshold === 'string');
  if (!valid) {
    throw invalidRequest('google.safety_settings must be a list of {"category","threshold"}, as in the Gemini API.', 'extra_body.google.safety_settings');
  }
  return settings.map((s: JsonObject) => ({ category: String(s.category), threshold: String(s.threshold) }));
}
