/** The request body is larger than the configured limit (MAX_REQUEST_BODY_MB). */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than this proxy accepts (${Math.round(limitBytes / 1024 / 1024)} MB). Send large files through the Files API (/upload/v1beta/files), or raise MAX_REQUEST_BODY_MB.`);
  }
}

/**
 * Headers for the 413 answer: the client may still be sending the body it was refused, so the
 * connection cannot carry another request.
 */
export const BODY_TOO_LARGE_HEADERS = { connection: 'close' };

/**
 * Reads the whole body, so that it can be sent again with another key, refusing it as soon as it
 * passes the limit rather than after holding all of it.
 */
export async function readRequestBody(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return null;
  const declared = Number(request.headers.get('content-length'));
  if (declared > limitBytes) throw new BodyTooLargeError(limitBytes);

  const chunks: Array<Uint8Array<ArrayBuffer>> = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
