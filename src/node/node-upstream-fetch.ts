/**
 * The upstream client of the Node entry: node:http(s) with keep-alive connections, answering with a
 * web-standard Response so that the core stays the same everywhere. Node's own fetch spends several
 * times the CPU per request (see docs/benchmarks.md); this module is Node-only and never bundled for the edge.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { UpstreamFetch } from '../http/fetch-upstream.ts';

const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};
/** As long as undici waits for an answer's headers by default. */
const HEADERS_TIMEOUT_MS = 300_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const nodeUpstreamFetch: UpstreamFetch = (url, { method, headers, body, signal }) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const outgoingHeaders = Object.fromEntries(headers);
    // node:http frames a body only for methods that usually carry one: a DELETE's (as @google/genai sends) needs its length said.
    if (typeof body === 'string' || body instanceof Uint8Array) outgoingHeaders['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const outgoing = send(target, { method, headers: outgoingHeaders, agent }, (incoming) =>
      resolve(toResponse(incoming, method, `${target.host}${target.pathname}`)),
    );
    outgoing.setNoDelay(true);
    outgoing.setTimeout(HEADERS_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer within ${HEADERS_TIMEOUT_MS / 1000} s`)));
    outgoing.on('error', reject);
    if (signal) {
      // The request this call serves is over: its socket closes, and so does the answer's body.
      const abort = () => outgoing.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', abort, { once: true });
      outgoing.once('close', () => signal.removeEventListener('abort', abort));
    }
    if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
      outgoing.end(body ?? undefined);
    } else {
      Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
        .on('error', (error) => outgoing.destroy(error))
        .pipe(outgoing);
    }
  });

/** A node:http answer as a web Response whose body is read as the reader pulls. */
export function toResponse(incoming: IncomingMessage, method: string, label: string): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = incoming.statusCode ?? 502;
  const hasBody = method !== 'HEAD' && !NULL_BODY_STATUSES.has(status);
  if (!hasBody) incoming.resume();
  return new Response(hasBody ? bodyStream(incoming, label) : null, { status, statusText: incoming.statusMessage, headers });
}

/**
 * The answer's body as a web stream, pausing the socket while the reader is behind. Up to 64 pieces
 * may wait (Gemini sends one per event): pausing and resuming the socket at every few events cost
 * about a sixth of the CPU of a long converted stream.
 */
function bodyStream(incoming: IncomingMessage, label: string): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.on('data', (chunk: Buffer) => {
          if (cancelled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.on('end', () => {
          if (!cancelled) controller.close();
        });
        incoming.on('close', () => {
          if (!cancelled && !incoming.complete) controller.error(new UpstreamDroppedError(label));
        });
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        cancelled = true;
        incoming.destroy();
      },
    },
    { highWaterMark: 64 },
  );
}

/**
 * The error a dropped upstream body ends with. The server adapter logs it as it is: one line that
 * names the host and path (never the query, where a key may be), with no stack trace.
 */
class UpstreamDroppedError extends Error {
  constructor(label: string) {
    super(`upstream stream dropped: ${label} closed the connection before the answer was complete`);
    this.name = 'UpstreamDropped';
    this.stack = this.message;
  }
}
