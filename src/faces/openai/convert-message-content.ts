import { isBase64 } from '../../base64.ts';
import { invalidRequest } from '../../errors.ts';
import type { RemoteFileFetcher } from '../../gemini/fetch-remote-file.ts';
import { compactBase64, mimeTypeFromName, parseDataUrl } from '../../gemini/media.ts';
import type { GeminiInlineData, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject, type JsonObject } from '../../json-value.ts';

/**
 * The content of a user message — a string, or a list of `text`, `image_url`, `input_audio` and `file`
 * parts — as Gemini parts. `path` names the content in error messages (`messages[2].content`).
 */
export async function convertUserContent(content: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart[]> {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) {
    throw invalidRequest(`${path} must be a string or a list of content parts.`, path);
  }
  return Promise.all(content.map((part, index) => convertUserPart(part, `${path}[${index}]`, fetchFile)));
}

/** Text of a system, developer, assistant or tool message: a string or a list of text parts. */
export function textOfContent(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) throw invalidRequest(`${path} must be a string or a list of text parts.`, path);
  return content
    .map((part, index) => {
      if (isJsonObject(part) && (part.type === 'text' || part.type === 'refusal')) {
        const text = part.type === 'text' ? part.text : part.refusal;
        if (typeof text === 'string') return text;
      }
      throw invalidRequest(`${path}[${index}] must be a text part ({"type":"text","text":"…"}) in this message.`, `${path}[${index}]`);
    })
    .join('');
}

async function convertUserPart(part: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart> {
  if (!isJsonObject(part)) throw invalidRequest(`${path} must be an object with a "type".`, path);
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw invalidRequest(`${path}.text must be a string.`, `${path}.text`);
      return { text: part.text };
    case 'image_url':
      return { inlineData: await convertImageUrl(part, path, fetchFile) };
    case 'input_audio':
      return { inlineData: convertInputAudio(part, path) };
    case 'file':
      return { inlineData: convertFile(part, path) };
    default:
      throw invalidRequest(
        `${path} has type "${String(part.type)}"; supported content parts are text, image_url, input_audio and file.`,
        `${path}.type`,
      );
  }
}

async function convertImageUrl(part: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiInlineData> {
  const imageUrl = part.image_url;
  const url = isJsonObject(imageUrl) ? imageUrl.url : imageUrl;
  if (typeof url !== 'string' || !url) {
    throw invalidRequest(`${path}.image_url.url is missing; send a data: URL or an http(s) URL.`, `${path}.image_url`);
  }
  return inlineDataOfUrl(url, `${path}.image_url.url`, `${path}.image_url`, fetchFile);
}

/** An image a client names by URL: a data: URL decoded, an http(s) URL downloaded. `path` names the URL in errors, `param` the field. */
export function inlineDataOfUrl(url: string, path: string, param: string, fetchFile: RemoteFileFetcher): Promise<GeminiInlineData> | GeminiInlineData {
  if (url.startsWith('data:')) return parseDataUrl(url, path);
  if (/^https?:\/\//i.test(url)) return fetchFile(url);
  throw invalidRequest(`${path} must be a data: URL (data:image/png;base64,…) or an http(s) URL.`, param, 'invalid_image_url');
}

function convertInputAudio(part: JsonObject, path: string): GeminiInlineData {
  const audio = part.input_audio;
  const data = isJsonObject(audio) ? audio.data : undefined;
  const format = isJsonObject(audio) ? audio.format : undefined;
  if (typeof data !== 'string' || !isBase64(data) || typeof format !== 'string' || !format) {
    throw invalidRequest(
      `${path}.input_audio needs "data" (base64 audio) and "format" (such as "wav" or "mp3").`,
      `${path}.input_audio`,
    );
  }
  return { mimeType: `audio/${format.toLowerCase()}`, data: compactBase64(data) };
}

function convertFile(part: JsonObject, path: string): GeminiInlineData {
  const file = isJsonObject(part.file) ? part.file : {};
  const fileData = file.file_data;
  if (typeof fileData !== 'string' || !fileData) {
    const reason = file.file_id ? 'file_id refers to an OpenAI upload, which Gemini cannot read' : 'file_data is missing';
    throw invalidRequest(`${path}.file: ${reason}. Send the document inline as file_data (data:application/pdf;base64,…).`, `${path}.file`);
  }
  return inlineDataOfFile(fileData, file.filename, `${path}.file.file_data`, `${path}.file`);
}

/** A document sent inline: a data: URL, or base64 with a file name whose extension names the type. */
export function inlineDataOfFile(fileData: string, filename: unknown, path: string, param: string): GeminiInlineData {
  if (fileData.startsWith('data:')) return parseDataUrl(fileData, path);
  const mimeType = mimeTypeFromName(typeof filename === 'string' ? filename : '');
  if (!mimeType || !isBase64(fileData)) {
    throw invalidRequest(`${path} must be a data: URL (data:application/pdf;base64,…), or base64 with a filename whose extension names the type.`, param);
  }
  return { mimeType, data: compactBase64(fileData) };
}
