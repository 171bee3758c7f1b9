/** How much of a body arrives before room for all of its declared length is set aside. */
const FIRST_ALLOCATION_MAX_BYTES = 8 * 1024 * 1024;

export interface LimitedReadErrors {
  /** Thrown once the stream passes the limit (it is cancelled first). */
  readonly tooLarge: () => Error;
  /** Thrown when the stream breaks off. */
  readonly broken: (error: unknown) => Error;
}

/** Reads a stream whole, stopping as soon as it passes `limitBytes` rather than after holding all of it. */
export async function readLimitedStream(
  stream: ReadableStream<Uint8Array>,
  limitBytes: number,
  declaredBytes: number,
  errors: LimitedReadErrors,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = new BodyCollector(declaredBytes);
  const reader = stream.getReader();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw errors.broken(error);
    }
    if (next.done) break;
    if (body.size + next.value.byteLength > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw errors.tooLarge();
    }
    body.add(next.value);
  }
  return body.bytes();
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
