import { invalidRequest } from '../../errors.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { declareFunction } from '../openai/convert-tools.ts';

/** How the client declared a tool, so that Gemini's call of it is answered as the client expects. */
export interface ClientTool {
  readonly kind: 'function' | 'custom' | 'local_shell';
  readonly name: string;
  readonly namespace?: string;
}

/** The client's tools by the name Gemini knows them by. */
export type ToolNames = Map<string, ClientTool>;

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  toolNames: ToolNames;
}

const SEARCH_TOOL_TYPES = new Set(['web_search', 'web_search_preview', 'web_search_2025_08_26', 'web_search_preview_2025_03_11']);
/**
 * Codex sends `tool_search` (the model searching the client's deferred tools) beside its functions.
 * Every function is declared to Gemini, deferred or not, so there is nothing to search: left out.
 */
const LEFT_OUT_TOOL_TYPES = new Set(['tool_search']);
export const LOCAL_SHELL_NAME = 'local_shell';
const CUSTOM_INPUT_SCHEMA = { type: 'object', properties: { input: { type: 'string', description: 'The tool input, as free-form text.' } }, required: ['input'] };
const LOCAL_SHELL_SCHEMA = {
  type: 'object',
  properties: {
    command: { type: 'array', items: { type: 'string' }, description: 'The command and its arguments.' },
    workdir: { type: 'string', description: 'The working directory.' },
    timeout_ms: { type: 'integer', description: 'Timeout in milliseconds.' },
  },
  required: ['command'],
};

/** A function in a namespace is declared to Gemini, which has no namespaces, under one flat name. */
export function geminiToolName(name: string, namespace: unknown): string {
  if (typeof namespace !== 'string' || !namespace) return name;
  return namespace.endsWith('__') ? namespace + name : `${namespace}__${name}`;
}

/**
 * Responses `tools` and `tool_choice` as Gemini's. A web search rides along only when no function is
 * declared: combining Google Search with function calling needs Gemini's server-side tool history,
 * which a client of this API does not send back, so it is left out rather than failing.
 */
export function convertResponsesTools(tools: unknown, toolChoice: unknown, webSearch: boolean): ConvertedTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  const toolNames: ToolNames = new Map();
  let search = webSearch;
  const declare = (tool: JsonObject, path: string, namespace?: string): void => {
    const declaration = declareTool(tool, path, namespace);
    toolNames.set(declaration.name, { kind: kindOf(tool), name: tool.type === 'local_shell' ? LOCAL_SHELL_NAME : String(tool.name), namespace });
    declarations.push(declaration);
  };
  for (const [index, tool] of listOf(tools, 'tools').entries()) {
    const path = `tools[${index}]`;
    if (typeof tool.type === 'string' && SEARCH_TOOL_TYPES.has(tool.type)) search = true;
    else if (LEFT_OUT_TOOL_TYPES.has(String(tool.type))) continue;
    else if (tool.type !== 'namespace') declare(tool, path);
    else for (const [inner, member] of listOf(tool.tools, `${path}.tools`).entries()) declare(member, `${path}.tools[${inner}]`, String(tool.name));
  }
  const result: ConvertedTools = { toolNames };
  if (declarations.length > 0) {
    result.tools = [{ functionDeclarations: declarations }];
    const toolConfig = convertToolChoice(toolChoice);
    if (toolConfig) result.toolConfig = toolConfig;
  } else if (search) {
    result.tools = [{ googleSearch: {} }];
  }
  return result;
}

function kindOf(tool: JsonObject): ClientTool['kind'] {
  return tool.type === 'custom' ? 'custom' : tool.type === 'local_shell' ? 'local_shell' : 'function';
}

function declareTool(tool: JsonObject, path: string, namespace?: string): GeminiFunctionDeclaration {
  if (tool.type === 'local_shell') return declareFunction(LOCAL_SHELL_NAME, 'Runs a command on the local machine and returns its output.', LOCAL_SHELL_SCHEMA);
  if (tool.type !== 'function' && tool.type !== 'custom') {
    throw invalidRequest(
      `${path} has type "${String(tool.type)}", which Gemini cannot offer through this proxy; use function, custom, local_shell, namespace or web_search tools.`,
      `${path}.type`,
    );
  }
  if (typeof tool.name !== 'string' || !tool.name) throw invalidRequest(`${path}.name is missing; every tool needs a name.`, `${path}.name`);
  const name = geminiToolName(tool.name, namespace);
  if (tool.type === 'function') return declareFunction(name, tool.description, tool.parameters);
  return declareFunction(name, customToolDescription(tool), CUSTOM_INPUT_SCHEMA);
}

/** A custom tool takes free-form text, which Gemini writes as a function's one string argument; its grammar goes into the description. */
function customToolDescription(tool: JsonObject): string {
  const format = isJsonObject(tool.format) ? tool.format : {};
  const description = typeof tool.description === 'string' ? tool.description : '';
  if (format.type !== 'grammar' || typeof format.definition !== 'string') return description;
  return `${description}\n\nWrite "input" in this ${String(format.syntax ?? '')} grammar:\n${format.definition}`;
}

function convertToolChoice(toolChoice: unknown): GeminiToolConfig | undefined {
  if (toolChoice === undefined || toolChoice === null) return undefined;
  if (toolChoice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (toolChoice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (toolChoice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isJsonObject(toolChoice)) {
    const { type, name } = toolChoice;
    if ((type === 'function' || type === 'custom') && typeof name === 'string' && name) {
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [geminiToolName(name, toolChoice.namespace)] } };
    }
    if (type === 'allowed_tools') return { functionCallingConfig: { mode: toolChoice.mode === 'required' ? 'ANY' : 'AUTO' } };
    // A hosted tool chosen by type (`{"type":"web_search_preview"}`): Gemini decides.
    if (typeof type === 'string' && SEARCH_TOOL_TYPES.has(type)) return undefined;
  }
  throw invalidRequest('tool_choice must be "none", "auto", "required" or {"type":"function","name":"…"}.', 'tool_choice');
}

function listOf(value: unknown, path: string): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest(`${path} must be a list.`, path);
  return value.map((item, index) => {
    if (!isJsonObject(item)) throw invalidRequest(`${path}[${index}] must be an object.`, `${path}[${index}]`);
    return item;
  });
}
