import { invalidRequest } from '../../errors.ts';
import { adjustJsonSchema } from '../../gemini/adjust-json-schema.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { resolveChatModel } from '../../gemini/resolve-model.ts';
import { REASONING_EFFORTS, thinkingForEffort } from '../../gemini/thinking.ts';
import { withReplayableSignatures } from '../../gemini/thought-signature.ts';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig, GeminiThinkingConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { setNumber } from '../openai/convert-chat-request.ts';
import { convertResponsesInput } from './convert-responses-input.ts';
import { convertResponsesTools, type ToolNames } from './convert-responses-tools.ts';

export interface ConvertResponsesRequestOptions {
  /** `DEFAULT_MODEL`: answers requests that name a non-Gemini model. */
  readonly defaultModel: string;
  /** Downloads the image and file URLs of this request (at most a few). */
  readonly fetchFile: RemoteFileFetcher;
}

export interface ConvertedResponsesRequest {
  /** Gemini model id, without `models/`. */
  readonly model: string;
  readonly stream: boolean;
  readonly body: GeminiGenerateContentRequest;
  /** The client's tools by their Gemini names, to answer Gemini's calls as the client declared them. */
  readonly toolNames: ToolNames;
  /** `include: ["reasoning.encrypted_content"]`: reasoning items carry the thought signatures. */
  readonly includeEncryptedReasoning: boolean;
  readonly parallelToolCalls: boolean;
}

export const STATELESS_EXPLANATION =
  'This proxy keeps no state: it stores no responses and no conversations. Send the whole conversation as "input" with every request (with "store": false), as Codex does.';

/**
 * A Responses API request as a Gemini generateContent request. Fields with no Gemini meaning
 * (`store`, `metadata`, `user`, `prompt_cache_key`, `service_tier`, `truncation`, …) are accepted and ignored.
 */
export async function convertResponsesRequest(body: unknown, options: ConvertResponsesRequestOptions): Promise<ConvertedResponsesRequest> {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "model" and "input".');
  for (const field of ['previous_response_id', 'conversation']) {
    if (body[field] !== undefined && body[field] !== null) throw invalidRequest(`${field} cannot be used here. ${STATELESS_EXPLANATION}`, field, 'stateless_proxy');
  }
  if (body.input === undefined || body.input === null) throw invalidRequest('input is missing: send the conversation as a string or a list of input items.', 'input');
  const { model, webSearch } = resolveChatModel(body.model, options.defaultModel);
  const { systemParts, contents } = await convertResponsesInput(body.input, options.fetchFile);
  if (contents.length === 0) throw invalidRequest('input has no user message; add at least one.', 'input');
  withReplayableSignatures(contents, model);
  if (typeof body.instructions === 'string' && body.instructions) systemParts.unshift({ text: body.instructions });

  const request: GeminiGenerateContentRequest = { contents };
  if (systemParts.length > 0) request.systemInstruction = { parts: systemParts };
  const generationConfig = buildGenerationConfig(body, model);
  if (Object.keys(generationConfig).length > 0) request.generationConfig = generationConfig;
  const { toolNames, ...tools } = convertResponsesTools(body.tools, body.tool_choice, webSearch);
  Object.assign(request, tools);
  return {
    model,
    stream: body.stream === true,
    body: request,
    toolNames,
    includeEncryptedReasoning: Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content'),
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
}

function buildGenerationConfig(body: JsonObject, model: string): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  setNumber(config, 'temperature', body, 'temperature');
  setNumber(config, 'topP', body, 'top_p');
  setNumber(config, 'maxOutputTokens', body, 'max_output_tokens');
  if (isJsonObject(body.text)) Object.assign(config, convertTextFormat(body.text.format));
  const thinkingConfig = convertReasoning(body.reasoning, model);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return config;
}

function convertTextFormat(format: unknown): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseJsonSchema'> {
  const type = isJsonObject(format) ? format.type : format;
  if (type === undefined || type === null || type === 'text') return {};
  if (type === 'json_object') return { responseMimeType: 'application/json' };
  if (type === 'json_schema' && isJsonObject(format)) {
    if (!isJsonObject(format.schema)) {
      throw invalidRequest('text.format.schema is missing; send {"type":"json_schema","name":"…","schema":{…}}.', 'text.format.schema');
    }
    return { responseMimeType: 'application/json', responseJsonSchema: adjustJsonSchema(format.schema) };
  }
  throw invalidRequest(`text.format type ${JSON.stringify(type)} is not supported; use "text", "json_object" or "json_schema".`, 'text.format');
}

/**
 * `reasoning.effort` as thinking, with the chat face's table (gemini/thinking.ts); Gemini's thoughts
 * are asked for only when `reasoning.summary` is, and come back as the reasoning item's summary.
 */
function convertReasoning(reasoning: unknown, model: string): GeminiThinkingConfig | undefined {
  if (!isJsonObject(reasoning)) return undefined;
  const { effort } = reasoning;
  const summary = reasoning.summary ?? reasoning.generate_summary;
  const wantsSummary = typeof summary === 'string' && summary !== 'none' && effort !== 'none';
  if (effort === undefined || effort === null) return wantsSummary ? { includeThoughts: true } : undefined;
  if (typeof effort !== 'string' || !REASONING_EFFORTS.has(effort)) {
    throw invalidRequest(`reasoning.effort must be one of ${[...REASONING_EFFORTS].join(', ')}.`, 'reasoning.effort');
  }
  const { includeThoughts: _, ...thinking } = thinkingForEffort(effort, model);
  return wantsSummary ? { ...thinking, includeThoughts: true } : thinking;
}
