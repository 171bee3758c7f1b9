import { invalidRequest } from '../../errors.ts';
import { adjustJsonSchema } from '../../gemini/adjust-json-schema.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

/**
 * `tools` and `tool_choice` as Gemini's function declarations and function-calling mode. Anthropic's
 * web search server tool (`web_search_*`) becomes Google Search, when no function is declared: Gemini
 * combines built-in tools with functions only given its own server-side tool history, which Anthropic
 * clients do not send back. Anthropic's other server tools run on Anthropic's machines, have no
 * Gemini counterpart, and are refused with the tool named. `disable_parallel_tool_use` has no Gemini
 * setting: it is accepted, and Gemini decides.
 */
export function convertTools(tools: unknown, toolChoice: unknown): ConvertedTools {
  if (tools !== undefined && tools !== null && !Array.isArray(tools)) throw invalidRequest('tools must be a list of tool definitions.', 'tools');
  const declarations: GeminiFunctionDeclaration[] = [];
  let googleSearch = false;
  for (const [index, tool] of (tools ?? []).entries()) {
    if (!isJsonObject(tool)) throw invalidRequest(`tools[${index}] must be an object.`, `tools[${index}]`);
    if (typeof tool.type === 'string' && tool.type.startsWith('web_search')) googleSearch = true;
    else declarations.push(convertTool(tool, index));
  }
  const result: ConvertedTools = {};
  if (declarations.length > 0) result.tools = [{ functionDeclarations: declarations }];
  else if (googleSearch) result.tools = [{ googleSearch: {} }];
  const toolConfig = convertToolChoice(toolChoice);
  if (toolConfig && declarations.length > 0) result.toolConfig = toolConfig;
  return result;
}

function convertTool(tool: JsonObject, index: number): GeminiFunctionDeclaration {
  const path = `tools[${index}]`;
  if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
    throw invalidRequest(
      `${path} is Anthropic's server tool "${String(tool.type)}"${typeof tool.name === 'string' ? ` (${tool.name})` : ''}, which Gemini cannot run. Only web_search has a Gemini counterpart (Google Search); remove the others, or define them as your own tools with an input_schema.`,
      `${path}.type`,
    );
  }
  if (typeof tool.name !== 'string' || !tool.name) throw invalidRequest(`${path}.name is missing; every tool needs a name.`, `${path}.name`);
  const declaration: GeminiFunctionDeclaration = { name: tool.name };
  if (typeof tool.description === 'string' && tool.description) declaration.description = tool.description;
  if (hasParameters(tool.input_schema)) declaration.parametersJsonSchema = adjustJsonSchema(tool.input_schema);
  return declaration;
}

/** Some Gemini models refuse an object schema without properties: a tool without parameters is declared without one. */
function hasParameters(schema: unknown): schema is JsonObject {
  if (!isJsonObject(schema)) return false;
  const noProperties = !isJsonObject(schema.properties) || Object.keys(schema.properties).length === 0;
  return !noProperties || isJsonObject(schema.additionalProperties) || ['anyOf', 'oneOf', 'allOf', '$ref'].some((keyword) => keyword in schema);
}

function convertToolChoice(toolChoice: unknown): GeminiToolConfig | undefined {
  if (toolChoice === undefined || toolChoice === null) return undefined;
  const type = isJsonObject(toolChoice) ? toolChoice.type : undefined;
  if (type === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (type === 'any') return { functionCallingConfig: { mode: 'ANY' } };
  if (type === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  const name = isJsonObject(toolChoice) ? toolChoice.name : undefined;
  if (type === 'tool' && typeof name === 'string' && name) return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  throw invalidRequest('tool_choice must be {"type":"auto"}, {"type":"any"}, {"type":"none"} or {"type":"tool","name":"…"}.', 'tool_choice');
}
