import { isBase64 } from '../../base64.ts';
import { invalidRequest } from '../../errors.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { compactBase64 } from '../../gemini/media.ts';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import type { GeminiContent, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';
import { geminiSignatureOf } from './thinking-signature.ts';

export interface ConvertedMessages {
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
}

/** Blocks of Anthropic's server tools (run by Anthropic, not by Gemini): left out of the history. */
const SERVER_TOOL_BLOCK = /^(server_tool_use|mcp_tool_use|\w+_tool_result)$/;

/**
 * `system` and `messages` as Gemini's `systemInstruction` and `contents`. A `system` message in the
 * middle of the conversation (Claude Code sends them) joins the system instruction. Consecutive turns
 * of one role are merged: Gemini wants the turns to alternate, and all answers to one turn's calls together.
 */
export async function convertMessages(system: unknown, messages: unknown, fetchFile: RemoteFileFetcher): Promise<ConvertedMessages> {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalidRequest('messages must be a non-empty list of {"role","content"} objects.', 'messages');
  }
  // Claude Code's billing line means nothing to Gemini, and would change the prompt's cacheable start.
  const systemParts = textParts(system, 'system').filter((part) => !part.text?.startsWith('x-anthropic-billing-header:'));
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  for (const [index, message] of messages.entries()) {
    const path = `messages[${index}]`;
    if (!isJsonObject(message)) throw invalidRequest(`${path} must be an object with "role" and "content".`, path);
    if (message.role === 'system') systemParts.push(...textParts(message.content, `${path}.content`));
    else if (message.role === 'user') pushTurn(contents, 'user', await userParts(message.content, `${path}.content`, fetchFile, callNames));
    else if (message.role === 'assistant') pushTurn(contents, 'model', assistantParts(message.content, `${path}.content`, callNames));
    else throw invalidRequest(`${path}.role "${String(message.role)}" is not supported; use user or assistant.`, `${path}.role`);
  }
  if (contents.length === 0) throw invalidRequest('messages has no content; add at least one user message with text.', 'messages');
  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents };
}

function pushTurn(contents: GeminiContent[], role: 'user' | 'model', parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

/** Content as a list of blocks (a string is one text block). */
function blocksOf(content: unknown, path: string): JsonObject[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidRequest(`${path} must be a string or a list of content blocks.`, path);
  return content.map((block, index) => {
    if (!isJsonObject(block)) throw invalidRequest(`${path}[${index}] must be an object with a "type".`, `${path}[${index}]`);
    return block;
  });
}

function textParts(content: unknown, path: string): GeminiPart[] {
  if (content === undefined || content === null) return [];
  return blocksOf(content, path).flatMap((block, index) => {
    if (block.type !== 'text' || typeof block.text !== 'string') throw invalidRequest(`${path}[${index}] must be a text block.`, `${path}[${index}]`);
    return block.text ? [{ text: block.text }] : [];
  });
}

/** A user turn: Gemini wants the answers to the calls (tool_result) first, then the rest in order. */
async function userParts(content: unknown, path: string, fetchFile: RemoteFileFetcher, callNames: Map<string, string>): Promise<GeminiPart[]> {
  const answers: GeminiPart[] = [];
  const others: GeminiPart[] = [];
  for (const [index, block] of blocksOf(content, path).entries()) {
    const blockPath = `${path}[${index}]`;
    if (block.type === 'tool_result') {
      const { answer, media } = await toolResult(block, blockPath, fetchFile, callNames);
      answers.push(answer);
      others.push(...media);
    } else if (!SERVER_TOOL_BLOCK.test(String(block.type))) {
      others.push(...(await mediaOrText(block, blockPath, fetchFile)));
    }
  }
  return [...answers, ...others];
}

/** `text`, `image` and `document` blocks, wherever they come (user turns, tool results). */
async function mediaOrText(block: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart[]> {
  if (block.type === 'text') {
    if (typeof block.text !== 'string') throw invalidRequest(`${path}.text must be a string.`, `${path}.text`);
    return block.text ? [{ text: block.text }] : [];
  }
  if (block.type !== 'image' && block.type !== 'document') {
    throw invalidRequest(`${path} has type "${String(block.type)}"; supported here are text, image, document and tool_result.`, `${path}.type`);
  }
  const source = isJsonObject(block.source) ? block.source : {};
  if (source.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string' && isBase64(source.data)) {
    return [{ inlineData: { mimeType: source.media_type, data: compactBase64(source.data) } }];
  }
  if (source.type === 'url' && typeof source.url === 'string' && /^https?:\/\//i.test(source.url)) return [{ inlineData: await fetchFile(source.url) }];
  if (source.type === 'text' && typeof source.data === 'string') return source.data ? [{ text: source.data }] : [];
  if (source.type === 'content') return textParts(source.content, `${path}.source.content`);
  throw invalidRequest(
    `${path}.source must be {"type":"base64","media_type","data"}, {"type":"url","url":"https://…"}${block.type === 'document' ? ', {"type":"text","data"} or {"type":"content"}' : ''} (files uploaded to Anthropic cannot be read by Gemini).`,
    `${path}.source`,
  );
}

/** A tool_result as Gemini's functionResponse (`output`, or `error` when is_error); its images and documents follow it as parts. */
async function toolResult(block: JsonObject, path: string, fetchFile: RemoteFileFetcher, callNames: Map<string, string>) {
  const id = block.tool_use_id;
  const name = typeof id === 'string' ? callNames.get(id) : undefined;
  if (!name) {
    throw invalidRequest(
      `${path} answers tool_use_id "${String(id)}", but no earlier assistant message has a tool_use with that id. Send the assistant message with its tool_use blocks before the results, with the ids unchanged.`,
      `${path}.tool_use_id`,
    );
  }
  const texts: string[] = [];
  const media: GeminiPart[] = [];
  const content = block.content ?? '';
  for (const [index, item] of blocksOf(content, `${path}.content`).entries()) {
    if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
    else if (item.type === 'image' || item.type === 'document') media.push(...(await mediaOrText(item, `${path}.content[${index}]`, fetchFile)));
    else texts.push(JSON.stringify(item));
  }
  const text = texts.join('\n');
  const answer: GeminiPart = { functionResponse: { name, response: block.is_error === true ? { error: text } : { output: text } } };
  return { answer, media };
}

/** A model turn: text and tool_use blocks, with the Gemini signatures of the thinking blocks put back on their parts. */
function assistantParts(content: unknown, path: string, callNames: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let pendingSignature: string | undefined;
  for (const [index, block] of blocksOf(content, path).entries()) {
    const blockPath = `${path}[${index}]`;
    let part: GeminiPart | undefined;
    if (block.type === 'text') {
      if (typeof block.text !== 'string') throw invalidRequest(`${blockPath}.text must be a string.`, `${blockPath}.text`);
      if (block.text) part = { text: block.text };
    } else if (block.type === 'tool_use') {
      part = toolUsePart(block, blockPath, callNames);
    } else if (block.type === 'thinking') {
      pendingSignature = geminiSignatureOf(block.signature) ?? pendingSignature;
    } else if (block.type !== 'redacted_thinking' && !SERVER_TOOL_BLOCK.test(String(block.type))) {
      throw invalidRequest(`${blockPath} has type "${String(block.type)}"; an assistant message may hold text, tool_use and thinking blocks.`, `${blockPath}.type`);
    }
    if (!part) continue;
    if (pendingSignature && !part.thoughtSignature) part.thoughtSignature = pendingSignature;
    pendingSignature = undefined;
    parts.push(part);
  }
  const last = parts.at(-1);
  if (pendingSignature && last && !last.thoughtSignature) last.thoughtSignature = pendingSignature;
  return parts;
}

function toolUsePart(block: JsonObject, path: string, callNames: Map<string, string>): GeminiPart {
  if (typeof block.name !== 'string' || !block.name || typeof block.id !== 'string') {
    throw invalidRequest(`${path} must be {"type":"tool_use","id","name","input"}.`, path);
  }
  callNames.set(block.id, block.name);
  const part: GeminiPart = { functionCall: { name: block.name, args: isJsonObject(block.input) ? block.input : {} } };
  const signature = signatureFromCallId(block.id);
  if (signature) part.thoughtSignature = signature;
  return part;
}
