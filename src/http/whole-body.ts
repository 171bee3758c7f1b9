/**
 * Answers the proxy had to read whole (to check them) are rebuilt with their bytes; the bytes stay at
 * hand, so that passing such an answer on hands the platform bytes, which it writes in one go, rather
 * than a stream over them that is read again piece by piece (on Node, Hono's adapter writes bytes
 * without building a stream at all).
 */
const wholeBodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** The answer again, with the bytes read from it as its body. */
export function responseWithWholeBody(bytes: Uint8Array<ArrayBuffer>, answer: Response): Response {
  const rebuilt = new Response(bytes, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  wholeBodies.set(rebuilt, bytes);
  return rebuilt;
}

/** What to answer with for an answer passed on: its bytes where they were read whole, else its stream. */
export function bodyToPassOn(answer: Response): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null {
  return wholeBodies.get(answer) ?? answer.body;
}
