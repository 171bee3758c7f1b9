import { invalidRequest, ProxyError } from '../errors.ts';
import { MAX_JSON_DEPTH, pathTooDeep } from '../json-value.ts';
import { readLimitedStream } from './read-limited-stream.ts';

/** The request body is larger than the configured limit (MAX_REQUEST_BODY_MB). */
export class BodyTooLargeError extends ProxyError {
  constructor(readonly limitBytes: number) {
    super(
      413,
      `The request body is larger than this proxy accepts (${Math.round(limitBytes / 1024 / 1024)} MB). Send large files through the Files API (/upload/v1beta/files), or raise MAX_REQUEST_BODY_MB.`,
      'request_too_large',
      // The client may still be sending the body it was refused, so the connection cannot carry another request.
      { headers: { connection: 'close' } },
    );
  }
}

/** The body could not be read whole: the client's connection broke off (or it stopped sending) midway. */
export class BodyUnreadableError extends ProxyError {
  constructor() {
    super(400, 'The request body could not be read: the connection broke off before all of it arrived. Send the request again.', 'incomplete_body');
  }
}

const WHOLE_READ_MAX_BYTES = 1024 * 1024;

/**
 * Reads the whole body, so that it can be sent again with another key, refusing it as soon as it
 * passes the limit rather than after holding all of it.
 */
export async function readRequestBody(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const declared = Number(request.headers.get('content-length') || NaN);
  if (declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  // A small body of declared length is taken whole: on Node that read skips building a body stream
  // (about a third of the CPU of a small proxied request). A large one is gathered as it arrives,
  // which holds less memory than a whole-body read and its copies.
  if (Number.isInteger(declared) && declared <= WHOLE_READ_MAX_BYTES) return new Uint8Array(await readOrFail(request.arrayBuffer()));
  if (!request.body) return null;
  return readLimitedStream(request.body, limitBytes, Number.isInteger(declared) ? declared : 0, {
    tooLarge: () => new BodyTooLargeError(limitBytes),
    broken: () => new BodyUnreadableError(),
  });
}

/** A JSON request body, parsed; anything that is not JSON is refused with 400 before it goes upstream. */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const bytes = await readRequestBody(request, limitBytes);
  return parseJsonWithin(bytes ? new TextDecoder().decode(bytes) : '', 'The request body');
}

/**
 * JSON text from a client — a body, or arguments and results sent as strings inside one — parsed and
 * refused with 400 when it is not JSON or nests deeper than the conversions walk.
 */
export function parseJsonWithin(text: string, what: string, param?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest(`${what} is not valid JSON.${param ? '' : ' Send a JSON object with Content-Type: application/json.'}`, param, 'invalid_json');
  }
  const deep = pathTooDeep(value);
  if (deep !== undefined) {
    const where = param ? `${param}${deep.startsWith('[') || deep === '(the body)' ? '' : '.'}${deep === '(the body)' ? '' : deep}` : deep;
    throw invalidRequest(`${what} nests deeper than ${MAX_JSON_DEPTH} levels at ${where}. Flatten it; no API needs that depth.`, where, 'json_too_deep');
  }
  return value;
}

async function readOrFail<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch {
    throw new BodyUnreadableError();
  }
}
