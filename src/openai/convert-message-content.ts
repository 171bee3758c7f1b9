import { isBase64 } from '../base64.ts';
import type { GeminiInlineData, GeminiPart } from './gemini-types.ts';
import { isJsonObject, type JsonObject } from '../json-value.ts';
import { OpenAIRequestError } from './openai-error.ts';

/** Fetches an http(s) URL given as `image_url` and hands back its bytes inline; injectable for tests and hardening. */
export type RemoteFileFetcher = (url: string) => Promise<GeminiInlineData>;

const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;
const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
  mp4: 'video/mp4',
};

/**
 * The content of a user message — a string, or a list of `text`, `image_url`, `input_audio` and `file`
 * parts — as Gemini parts. `path` names the content in error messages (`messages[2].content`).
 */
export async function convertUserContent(content: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart[]> {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) {
    throw new OpenAIRequestError(`${path} must be a string or a list of content parts.`, { param: path });
  }
  return Promise.all(content.map((part, index) => convertUserPart(part, `${path}[${index}]`, fetchFile)));
}

/** Text of a system, developer, assistant or tool message: a string or a list of text parts. */
export function textOfContent(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) throw new OpenAIRequestError(`${path} must be a string or a list of text parts.`, { param: path });
  return content
    .map((part, index) => {
      if (isJsonObject(part) && (part.type === 'text' || part.type === 'refusal')) {
        const text = part.type === 'text' ? part.text : part.refusal;
        if (typeof text === 'string') return text;
      }
      throw new OpenAIRequestError(`${path}[${index}] must be a text part ({"type":"text","text":"…"}) in this message.`, { param: `${path}[${index}]` });
    })
    .join('');
}

async function convertUserPart(part: unknown, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiPart> {
  if (!isJsonObject(part)) throw new OpenAIRequestError(`${path} must be an object with a "type".`, { param: path });
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw new OpenAIRequestError(`${path}.text must be a string.`, { param: `${path}.text` });
      return { text: part.text };
    case 'image_url':
      return { inlineData: await convertImageUrl(part, path, fetchFile) };
    case 'input_audio':
      return { inlineData: convertInputAudio(part, path) };
    case 'file':
      return { inlineData: convertFile(part, path) };
    default:
      throw new OpenAIRequestError(
        `${path} has type "${String(part.type)}"; supported content parts are text, image_url, input_audio and file.`,
        { param: `${path}.type` },
      );
  }
}

async function convertImageUrl(part: JsonObject, path: string, fetchFile: RemoteFileFetcher): Promise<GeminiInlineData> {
  const imageUrl = part.image_url;
  const url = isJsonObject(imageUrl) ? imageUrl.url : imageUrl;
  if (typeof url !== 'string' || !url) {
    throw new OpenAIRequestError(`${path}.image_url.url is missing; send a data: URL or an http(s) URL.`, { param: `${path}.image_url` });
  }
  if (url.startsWith('data:')) return parseDataUrl(url, `${path}.image_url.url`);
  if (/^https?:\/\//i.test(url)) return fetchFile(url);
  throw new OpenAIRequestError(
    `${path}.image_url.url must be a data: URL (data:image/png;base64,…) or an http(s) URL.`,
    { param: `${path}.image_url`, code: 'invalid_image_url' },
  );
}

function convertInputAudio(part: JsonObject, path: string): GeminiInlineData {
  const audio = part.input_audio;
  const data = isJsonObject(audio) ? audio.data : undefined;
  const format = isJsonObject(audio) ? audio.format : undefined;
  if (typeof data !== 'string' || !isBase64(data) || typeof format !== 'string' || !format) {
    throw new OpenAIRequestError(
      `${path}.input_audio needs "data" (base64 audio) and "format" (such as "wav" or "mp3").`,
      { param: `${path}.input_audio` },
    );
  }
  return { mimeType: `audio/${format.toLowerCase()}`, data: compact(data) };
}

function convertFile(part: JsonObject, path: string): GeminiInlineData {
  const file = isJsonObject(part.file) ? part.file : {};
  const fileData = file.file_data;
  if (typeof fileData !== 'string' || !fileData) {
    const reason = file.file_id ? 'file_id refers to an OpenAI upload, which Gemini cannot read' : 'file_data is missing';
    throw new OpenAIRequestError(`${path}.file: ${reason}. Send the document inline as file_data (data:application/pdf;base64,…).`, { param: `${path}.file` });
  }
  if (fileData.startsWith('data:')) return parseDataUrl(fileData, `${path}.file.file_data`);
  const mimeType = mimeTypeFromName(typeof file.filename === 'string' ? file.filename : '');
  if (!mimeType || !isBase64(fileData)) {
    throw new OpenAIRequestError(
      `${path}.file.file_data must be a data: URL (data:application/pdf;base64,…), or base64 with a filename whose extension names the type.`,
      { param: `${path}.file` },
    );
  }
  return { mimeType, data: compact(fileData) };
}

/** `data:<mime>[;param…];base64,<data>` as inline data; anything else is bad data, refused before it costs a request. */
export function parseDataUrl(url: string, path: string): GeminiInlineData {
  const match = DATA_URL.exec(url);
  const [, mimeType, parameters, data] = match ?? [];
  if (!mimeType || !parameters?.split(';').includes('base64') || data === undefined || !isBase64(data)) {
    throw new OpenAIRequestError(
      `${path} is not a valid base64 data URL. Send data:<mime type>;base64,<data>, for example data:image/png;base64,iVBORw0….`,
      { param: path, code: 'invalid_image_format' },
    );
  }
  return { mimeType: mimeType.toLowerCase(), data: compact(data) };
}

export function mimeTypeFromName(name: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension ? MIME_BY_EXTENSION[extension] : undefined;
}

function compact(base64: string): string {
  return base64.replace(/\s+/g, '');
}
