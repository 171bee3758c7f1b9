/** Media a client sends inline — data URLs, bare base64 with a file name — as Gemini's inline data. */
import { isBase64 } from '../base64.ts';
import { invalidRequest } from '../errors.ts';
import type { GeminiInlineData } from './types.ts';

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

/** `data:<mime>[;param…];base64,<data>` as inline data; anything else is bad data, refused before it costs a request. */
export function parseDataUrl(url: string, path: string): GeminiInlineData {
  const match = DATA_URL.exec(url);
  const [, mimeType, parameters, data] = match ?? [];
  if (!mimeType || !parameters?.split(';').includes('base64') || data === undefined || !isBase64(data)) {
    throw invalidRequest(
      `${path} is not a valid base64 data URL. Send data:<mime type>;base64,<data>, for example data:image/png;base64,iVBORw0….`,
      path,
      'invalid_image_format',
    );
  }
  return { mimeType: mimeType.toLowerCase(), data: compactBase64(data) };
}

export function mimeTypeFromName(name: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension ? MIME_BY_EXTENSION[extension] : undefined;
}

/** Base64 as JSON may carry it (wrapped lines), as Gemini takes it (one line). */
export function compactBase64(base64: string): string {
  return base64.replace(/\s+/g, '');
}
