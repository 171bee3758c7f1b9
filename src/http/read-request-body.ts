/** The request body is larger than the configured limit (MAX_REQUEST_BODY_MB). */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than this proxy accepts (${Math.round(limitBytes / 1024 / 1024)} MB). Send large files through the Files API (/upload/v1beta/files), or raise MAX_REQUEST_BODY_MB.`);
  }
}

/** The body could not be read whole: the client's connection broke off (or it stopped sending) midway. */
export class BodyUnreadableError extends Error {
  constructor() {
    super('The request body could not be read: the connection broke off before all of it arrived. Send the request again.');
  }
}

const WHOLE_READ_MAX_BYTES = 1024 * 1024;
/** How much of a body arrives before room for all of its declared length is set aside. */
const FIRST_ALLOCATION_MAX_BYTES = 8 * 1024 * 1024;

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
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const declared = Number(request.headers.get('content-length') || NaN);
  if (declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  // A small body of declared length is taken whole: on Node that read skips building a body stream
  // (about a third of the CPU of a small proxied request). A large one is copied once into place below,
  // which holds less memory than a whole-body read and its copies.
  if (Number.isInteger(declared) && declared <= WHOLE_READ_MAX_BYTES) return new Uint8Array(await readOrFail(request.arrayBuffer()));
  if (!request.body) return null;
  const body = new BodyCollector(Number.isInteger(declared) ? declared : 0);
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await readOrFail(reader.read());
    if (done) break;
    if (body.size + value.byteLength > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    body.add(value);
  }
  return body.bytes();
}

async function readOrFail<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch {
    throw new BodyUnreadableError();
  }
}

/**
 * Gathers a body's chunks. Only once a body has proven large does it set aside room for the whole
 * declared length (so that a false length reserves nothing) and copy on into it; a small body, or one
 * of unknown length, is joined once at the end.
 */
class BodyCollector {
  private chunks: Uint8Array[] = [];
  private buffer: Uint8Array<ArrayBuffer> | undefined;
  size = 0;

  constructor(private readonly declaredBytes: number) {}

  add(chunk: Uint8Array): void {
    if (!this.buffer) {
      this.chunks.push(chunk);
      this.size += chunk.byteLength;
      if (this.size >= FIRST_ALLOCATION_MAX_BYTES) this.moveIntoBuffer();
      return;
    }
    if (this.size + chunk.byteLength > this.buffer.byteLength) this.grow(this.size + chunk.byteLength);
    this.buffer.set(chunk, this.size);
    this.size += chunk.byteLength;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    if (!this.buffer) return join(this.chunks, this.size);
    return this.size === this.buffer.byteLength ? this.buffer : this.buffer.slice(0, this.size);
  }

  private moveIntoBuffer(): void {
    this.buffer = join(this.chunks, Math.max(this.declaredBytes, this.size * 2));
    this.chunks = [];
  }

  private grow(needed: number): void {
    const grown = new Uint8Array(Math.max(needed, this.buffer!.byteLength * 2));
    grown.set(this.buffer!.subarray(0, this.size));
    this.buffer = grown;
  }
}

function join(chunks: readonly Uint8Array[], capacity: number): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(capacity);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
