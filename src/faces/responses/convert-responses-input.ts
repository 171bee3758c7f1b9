import { invalidRequest } from '../../errors.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import type { GeminiContent, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { inlineDataOfFile, inlineDataOfUrl } from '../openai/convert-message-content.ts';
import { parseArguments, toolResult } from '../openai/convert-messages.ts';
import { geminiToolName, LOCAL_SHELL_NAME } from './convert-responses-tools.ts';
import { signatureOfEncryptedContent } from './reasoning-signature.ts';

export interface ConvertedInput {
  systemParts: GeminiPart[];
  contents: GeminiContent[];
}

const CALL_OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output', 'local_shell_call_output']);

/**
 * The `input` of a Responses request (a string, or a list of items) as Gemini `contents`: messages of
 * the system and developer roles become system instruction parts; consecutive items of the model
 * (assistant messages, reasoning, tool calls) one model turn; tool outputs and user messages user
 * turns. A reasoning item of ours gives its thought signature to the next call or text of its turn.
 */
export async function convertResponsesInput(input: unknown, fetchFile: RemoteFileFetcher): Promise<ConvertedInput> {
  if (typeof input === 'string') return { systemParts: [], contents: input ? [{ role: 'user', parts: [{ text: input }] }] : [] };
  if (!Array.isArray(input)) throw invalidRequest('input must be a string or a list of input items.', 'input');
  const history = new HistoryBuilder();
  for (const [index, item] of input.entries()) {
    const path = `input[${index}]`;
    if (!isJsonObject(item)) throw invalidRequest(`${path} must be an object with a "type".`, path);
    await convertItem(history, item, path, fetchFile);
  }
  return { systemParts: history.systemParts, contents: history.contents };
}

class HistoryBuilder {
  readonly systemParts: GeminiPart[] = [];
  readonly contents: GeminiContent[] = [];
  /** Gemini function name of each call id seen, for the outputs that answer them. */
  readonly callNames = new Map<string, string>();
  /** A signature from a reasoning item, for the next part of the model's turn that has none. */
  pendingSignature: string | undefined;

  add(role: 'user' | 'model', part: GeminiPart): void {
    if (role === 'model' && this.pendingSignature && !part.thoughtSignature) part.thoughtSignature = this.pendingSignature;
    this.pendingSignature = undefined;
    const last = this.contents.at(-1);
    if (last?.role === role) last.parts.push(part);
    else this.contents.push({ role, parts: [part] });
  }

  addCall(callId: unknown, name: string, args: Record<string, unknown>): void {
    const part: GeminiPart = { functionCall: { name, args } };
    if (typeof callId === 'string') {
      this.callNames.set(callId, name);
      const signature = signatureFromCallId(callId);
      if (signature) part.thoughtSignature = signature;
    }
    this.add('model', part);
  }
}

/**
 * One input item as Gemini parts. Items that carry nothing Gemini can take are left out: searches and
 * image generations done by OpenAI's servers (web_search_call, image_generation_call, …), tool
 * searches, OpenAI's compactions (encrypted for OpenAI), references to items OpenAI stored, and any
 * other type not named here. A reasoning item's summary is not sent back: Gemini needs only the signature.
 */
async function convertItem(history: HistoryBuilder, item: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<void> {
  const type = item.type ?? (item.role === undefined ? undefined : 'message');
  if (CALL_OUTPUT_TYPES.has(String(type))) {
    for (const part of await convertCallOutput(history, item, path, fetchFile)) history.add('user', part);
    return;
  }
  switch (type) {
    case 'message':
      return convertMessage(history, item, path, fetchFile);
    case 'reasoning':
      history.pendingSignature = signatureOfEncryptedContent(item.encrypted_content);
      return;
    case 'function_call':
      return history.addCall(item.call_id, geminiToolName(String(item.name), item.namespace), parseArguments(item.arguments, `${path}.arguments`));
    case 'custom_tool_call':
      return history.addCall(item.call_id, geminiToolName(String(item.name), item.namespace), { input: String(item.input ?? '') });
    case 'local_shell_call':
      return history.addCall(item.call_id ?? item.id, LOCAL_SHELL_NAME, localShellArgs(item.action));
  }
}

async function convertMessage(history: HistoryBuilder, item: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<void> {
  const { role } = item;
  if (role === 'system' || role === 'developer') {
    const text = textOf(item.content, `${path}.content`);
    if (text) history.systemParts.push({ text });
    return;
  }
  if (role === 'assistant') {
    const text = textOf(item.content, `${path}.content`);
    if (text) history.add('model', { text });
    return;
  }
  if (role !== 'user') {
    throw invalidRequest(`${path}.role "${String(role)}" is not supported; use user, assistant, system or developer.`, `${path}.role`);
  }
  for (const part of await convertContent(item.content, `${path}.content`, fetchFile)) history.add('user', part);
}

/** A string, or a list of content parts. */
async function convertContent(content: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart[]> {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  if (content === undefined || content === null) return [];
  if (!Array.isArray(content)) throw invalidRequest(`${path} must be a string or a list of content parts.`, path);
  return Promise.all(content.map((part, index) => convertContentPart(part, `${path}[${index}]`, fetchFile)));
}

async function convertContentPart(part: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart> {
  if (!isJsonObject(part)) throw invalidRequest(`${path} must be an object with a "type".`, path);
  const text = textOfPart(part);
  if (text !== undefined) return { text };
  if (part.type === 'input_image') {
    const url = isJsonObject(part.image_url) ? part.image_url.url : part.image_url;
    if (typeof url !== 'string' || !url) throw notInline(path, 'image_url');
    return { inlineData: await inlineDataOfUrl(url, `${path}.image_url`, `${path}.image_url`, fetchFile) };
  }
  if (part.type === 'input_file') {
    if (typeof part.file_data === 'string' && part.file_data) {
      return { inlineData: inlineDataOfFile(part.file_data, part.filename, `${path}.file_data`, `${path}.file_data`) };
    }
    if (typeof part.file_url === 'string' && part.file_url) return { inlineData: await inlineDataOfUrl(part.file_url, `${path}.file_url`, `${path}.file_url`, fetchFile) };
    throw notInline(path, 'file_data');
  }
  throw invalidRequest(`${path} has type "${String(part.type)}"; supported content parts are input_text, input_image, input_file and output_text.`, `${path}.type`);
}

function notInline(path: string, field: string): Error {
  return invalidRequest(
    `${path} has no ${field}. A file_id names a file uploaded to OpenAI, which Gemini cannot read: send the content inline (a data: URL) or as an http(s) URL.`,
    path,
  );
}

function textOfPart(part: JsonObject): string | undefined {
  if ((part.type === 'input_text' || part.type === 'output_text' || part.type === 'text') && typeof part.text === 'string') return part.text;
  if (part.type === 'refusal' && typeof part.refusal === 'string') return part.refusal;
  return undefined;
}

/** The text of a system, developer or assistant message; parts that are not text (an image in a developer message) are left out. */
function textOf(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) return '';
  if (!Array.isArray(content)) throw invalidRequest(`${path} must be a string or a list of content parts.`, path);
  return content.map((part) => (isJsonObject(part) ? (textOfPart(part) ?? '') : '')).join('');
}

/**
 * A tool's output as the functionResponse of its call. An output whose call is not in the input (the
 * client cut its history) cannot be a functionResponse, which must follow its call: it goes to Gemini
 * as text instead. Images and files in an output follow it as parts of the same turn.
 */
async function convertCallOutput(history: HistoryBuilder, item: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart[]> {
  const callId = item.call_id ?? item.id;
  const name = typeof callId === 'string' ? history.callNames.get(callId) : undefined;
  const output = item.output;
  const media = Array.isArray(output) ? (await convertContent(output, `${path}.output`, fetchFile)).filter((part) => part.inlineData) : [];
  const text = typeof output === 'string' ? output : Array.isArray(output) ? textOf(output, `${path}.output`) : JSON.stringify(output ?? '');
  const answer: GeminiPart = name ? { functionResponse: { name, response: toolResult(text) } } : { text: `Output of tool call ${String(callId)}:\n${text}` };
  return [answer, ...media];
}

function localShellArgs(action: unknown): Record<string, unknown> {
  if (!isJsonObject(action)) return {};
  const args: Record<string, unknown> = { command: action.command };
  if (action.working_directory) args.workdir = action.working_directory;
  if (action.timeout_ms) args.timeout_ms = action.timeout_ms;
  return args;
}
