import { convertUserContent, textOfContent } from './convert-message-content.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import type { GeminiContent, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject, MAX_JSON_DEPTH, pathTooDeep, type JsonObject } from '../../json-value.ts';
import { invalidRequest } from '../../errors.ts';
import { signatureOfHistoryToolCall } from './tool-call-signature.ts';

export interface ConvertedMessages {
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
}

/**
 * OpenAI `messages` as Gemini `contents` plus `systemInstruction`: system and developer messages
 * become the system instruction, assistant messages the model's turns (tool calls as functionCall
 * parts with their thought signature restored), and consecutive tool messages one user turn of
 * functionResponse parts — Gemini wants all answers to one turn's calls together.
 */
export async function convertMessages(messages: unknown, fetchFile: RemoteFileFetcher): Promise<ConvertedMessages> {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalidRequest('messages must be a non-empty list of {"role","content"} objects.', 'messages');
  }
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  let toolResponses: GeminiPart[] = [];
  const flushToolResponses = (): void => {
    if (toolResponses.length > 0) contents.push({ role: 'user', parts: toolResponses });
    toolResponses = [];
  };

  for (const [index, message] of messages.entries()) {
    const path = `messages[${index}]`;
    if (!isJsonObject(message)) throw invalidRequest(`${path} must be an object with a "role".`, path);
    if (message.role === 'tool') {
      toolResponses.push(convertToolMessage(message, path, callNames));
      continue;
    }
    flushToolResponses();
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOfContent(message.content, `${path}.content`);
        if (text) systemParts.push({ text });
        break;
      }
      case 'user':
        pushTurn(contents, 'user', await convertUserContent(message.content, `${path}.content`, fetchFile));
        break;
      case 'assistant':
        pushTurn(contents, 'model', convertAssistantMessage(message, path, callNames));
        break;
      default:
        throw invalidRequest(
          `${path}.role "${String(message.role)}" is not supported; use system, developer, user, assistant or tool.`,
          `${path}.role`,
        );
    }
  }
  flushToolResponses();

  if (contents.length === 0) {
    throw invalidRequest('messages has no user or assistant message; add at least one user message.', 'messages');
  }
  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents };
}

/** Gemini refuses a turn without parts: an empty message is left out. */
function pushTurn(contents: GeminiContent[], role: 'user' | 'model', parts: GeminiPart[]): void {
  if (parts.length > 0) contents.push({ role, parts });
}

function convertAssistantMessage(message: JsonObject, path: string, callNames: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOfContent(message.content, `${path}.content`);
  if (text) parts.push({ text });
  const toolCalls = message.tool_calls;
  if (toolCalls === undefined || toolCalls === null) return parts;
  if (!Array.isArray(toolCalls)) throw invalidRequest(`${path}.tool_calls must be a list.`, `${path}.tool_calls`);
  for (const [index, toolCall] of toolCalls.entries()) {
    parts.push(convertToolCall(toolCall, `${path}.tool_calls[${index}]`, callNames));
  }
  return parts;
}

function convertToolCall(toolCall: unknown, path: string, callNames: Map<string, string>): GeminiPart {
  const fn = isJsonObject(toolCall) ? toolCall.function : undefined;
  if (!isJsonObject(toolCall) || !isJsonObject(fn) || typeof fn.name !== 'string' || !fn.name) {
    throw invalidRequest(`${path} must be {"id","type":"function","function":{"name","arguments"}}.`, path);
  }
  if (typeof toolCall.id === 'string') callNames.set(toolCall.id, fn.name);
  const part: GeminiPart = { functionCall: { name: fn.name, args: parseArguments(fn.arguments, `${path}.function.arguments`) } };
  const signature = signatureOfHistoryToolCall(toolCall);
  if (signature) part.thoughtSignature = signature;
  return part;
}

export function parseArguments(raw: unknown, path: string): Record<string, unknown> {
  if (isJsonObject(raw)) return raw;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw invalidRequest(`${path} is not valid JSON; send the arguments exactly as the model produced them (a JSON object in a string).`, path);
  }
  if (!isJsonObject(parsed)) throw invalidRequest(`${path} must encode a JSON object, such as {"city":"Paris"}.`, path);
  refuseTooDeep(parsed, path);
  return parsed;
}

function convertToolMessage(message: JsonObject, path: string, callNames: Map<string, string>): GeminiPart {
  const id = message.tool_call_id;
  const name = typeof id === 'string' ? callNames.get(id) : undefined;
  if (!name) {
    throw invalidRequest(
      `${path} answers tool_call_id "${String(id)}", but no earlier assistant message has a tool call with that id. Send the assistant message with its tool_calls before the tool results, with the ids unchanged.`,
      `${path}.tool_call_id`,
    );
  }
  const response = toolResult(textOfContent(message.content, `${path}.content`));
  refuseTooDeep(response, `${path}.content`);
  return { functionResponse: { name, response } };
}

/** Gemini takes a JSON object as a function's response: an object result is passed as it is, anything else is wrapped. */
export function toolResult(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content);
    return isJsonObject(parsed) ? parsed : { result: parsed };
  } catch {
    return { result: content };
  }
}

/** JSON a client sent inside a string nests no deeper than a body may (see json-value.ts). */
function refuseTooDeep(value: unknown, path: string): void {
  const deep = pathTooDeep(value);
  if (deep !== undefined) throw invalidRequest(`${path} nests deeper than ${MAX_JSON_DEPTH} levels (at ${deep}). Flatten it.`, path, 'json_too_deep');
}
