import { adjustJsonSchema } from '../../gemini/adjust-json-schema.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { invalidRequest } from '../../errors.ts';

/** Tool names and types that clients use to ask for Gemini's Google Search grounding. */
const SEARCH_FUNCTION_NAMES = new Set(['googleSearch', 'google_search']);
const SEARCH_TOOL_TYPES = new Set(['google_search', 'web_search', 'web_search_preview']);

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

/** OpenAI `tools` (+ a web search asked for by model suffix or `web_search_options`) and `tool_choice`. */
export function convertTools(tools: unknown, toolChoice: unknown, webSearch: boolean): ConvertedTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  let googleSearch = webSearch;
  for (const [index, tool] of listOfTools(tools).entries()) {
    if (isSearchTool(tool)) googleSearch = true;
    else declarations.push(convertFunctionTool(tool, index));
  }
  const geminiTools: GeminiTool[] = [];
  if (declarations.length > 0) geminiTools.push({ functionDeclarations: declarations });
  if (googleSearch) geminiTools.push({ googleSearch: {} });

  const result: ConvertedTools = {};
  if (geminiTools.length > 0) result.tools = geminiTools;
  const toolConfig = convertToolChoice(toolChoice);
  // A function-calling mode means nothing without functions, and Gemini refuses some combinations.
  if (toolConfig && declarations.length > 0) result.toolConfig = toolConfig;
  return result;
}

export function convertToolChoice(toolChoice: unknown): GeminiToolConfig | undefined {
  if (toolChoice === undefined || toolChoice === null) return undefined;
  if (toolChoice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (toolChoice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (toolChoice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isJsonObject(toolChoice) && toolChoice.type === 'function' && isJsonObject(toolChoice.function)) {
    const name = toolChoice.function.name;
    if (typeof name === 'string' && name) return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  }
  throw invalidRequest(
    'tool_choice must be "none", "auto", "required" or {"type":"function","function":{"name":"…"}}.',
    'tool_choice',
  );
}

function listOfTools(tools: unknown): JsonObject[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalidRequest('tools must be a list of tool definitions.', 'tools');
  return tools.map((tool, index) => {
    if (!isJsonObject(tool)) throw invalidRequest(`tools[${index}] must be an object.`, `tools[${index}]`);
    return tool;
  });
}

function isSearchTool(tool: JsonObject): boolean {
  if (typeof tool.type === 'string' && SEARCH_TOOL_TYPES.has(tool.type)) return true;
  return tool.type === 'function' && isJsonObject(tool.function) && SEARCH_FUNCTION_NAMES.has(String(tool.function.name));
}

function convertFunctionTool(tool: JsonObject, index: number): GeminiFunctionDeclaration {
  const fn = tool.function;
  if (tool.type !== 'function' || !isJsonObject(fn)) {
    throw invalidRequest(
      `tools[${index}] has type "${String(tool.type)}"; only "function" tools (and "web_search") are supported.`,
      `tools[${index}].type`,
    );
  }
  if (typeof fn.name !== 'string' || !fn.name) {
    throw invalidRequest(`tools[${index}].function.name is missing; every function needs a name.`, `tools[${index}].function.name`);
  }
  return declareFunction(fn.name, fn.description, fn.parameters);
}

/** A function as Gemini declares it: its JSON Schema adjusted, no schema for "no parameters". */
export function declareFunction(name: string, description: unknown, parameters: unknown): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name };
  if (typeof description === 'string' && description) declaration.description = description;
  if (hasParameters(parameters)) declaration.parametersJsonSchema = adjustJsonSchema(parameters);
  return declaration;
}

/** Keywords that an object schema without properties may carry and still describe "no parameters". */
const EMPTY_SCHEMA_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', '$schema', 'title', 'description']);

/** A function without parameters is declared without a schema: an empty object schema is refused by some models. */
function hasParameters(parameters: unknown): parameters is JsonObject {
  if (!isJsonObject(parameters)) return false;
  const { properties, additionalProperties } = parameters;
  const noProperties = !isJsonObject(properties) || Object.keys(properties).length === 0;
  const onlyEmptyKeywords = Object.keys(parameters).every((keyword) => EMPTY_SCHEMA_KEYWORDS.has(keyword));
  return !(noProperties && onlyEmptyKeywords && !isJsonObject(additionalProperties));
}
