import { bytesToBase64 } from '../../base64.ts';
import { invalidRequest } from '../../errors.ts';
import { mimeTypeFromName } from '../../gemini/media.ts';
import type { GeminiInlineData } from '../../gemini/types.ts';
import { readRequestBody } from '../../http/read-request-body.ts';

/**
 * A multipart/form-data body — the files and fields of `/v1/images/edits` and `/v1/audio/*` — parsed by
 * the platform's own FormData once all of it has arrived within the body limit.
 */
export async function readFormBody(request: Request, limitBytes: number): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw invalidRequest('Send this request as multipart/form-data (the files and the fields), as the OpenAI SDKs do.', undefined, 'invalid_content_type');
  }
  const bytes = await readRequestBody(request, limitBytes);
  try {
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw invalidRequest('The multipart/form-data body could not be parsed: its boundary or parts are malformed.', undefined, 'invalid_multipart');
  }
}

/** A text field; a file sent where text belongs is refused. */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a text field, not a file.`, name);
  return value;
}

/** The files of a field sent under any of its names (`image` and `image[]`), in order. */
export function formFiles(form: FormData, ...names: string[]): File[] {
  return names.flatMap((name) =>
    form.getAll(name).map((value) => {
      if (typeof value === 'string') throw invalidRequest(`${name} must be a file upload, not a text field.`, name);
      return value;
    }),
  );
}

/** An uploaded file as Gemini's inline data; its type from the upload, or from its name. */
export async function inlineDataOf(file: File, fallbackMimeType: string): Promise<GeminiInlineData> {
  return { mimeType: mimeTypeOf(file, fallbackMimeType), data: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

export function mimeTypeOf(file: File, fallbackMimeType: string): string {
  const declared = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const generic = declared === '' || declared === 'application/octet-stream';
  return generic ? (mimeTypeFromName(file.name) ?? fallbackMimeType) : declared;
}
