/**
 * Rewriting the JSON of an answer on its way to the client: the whole body of a JSON answer, or each
 * event of a `text/event-stream` one as it arrives. Every other line of a stream (event names, ids,
 * comments, `[DONE]`) passes as it came; a line cut by a chunk's end waits for the rest of it.
 */
export type JsonRewrite = (value: unknown) => unknown;

export async function rewriteAnswer(response: Response, rewriteWhole: JsonRewrite, rewriteEvent: JsonRewrite = rewriteWhole): Promise<Response> {
  if (!response.ok || !response.body) return response;
  const type = response.headers.get('content-type') ?? '';
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (type.includes('text/event-stream')) return new Response(rewriteEventStream(response.body, rewriteEvent), init);
  if (!type.includes('json')) return response;
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Response(text, init);
  }
  return new Response(JSON.stringify(rewriteWhole(value)), init);
}

/** Each upstream chunk gives one chunk of whole lines, the `data:` lines' JSON rewritten. */
export function rewriteEventStream(body: ReadableStream<Uint8Array>, rewrite: JsonRewrite): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const rewriteLines = (text: string) =>
    text
      .split('\n')
      .map((line) => rewriteDataLine(line, rewrite))
      .join('\n');
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const text = pending + decoder.decode(chunk, { stream: true });
        const end = text.lastIndexOf('\n') + 1;
        pending = text.slice(end);
        if (end > 0) controller.enqueue(encoder.encode(rewriteLines(text.slice(0, end))));
      },
      flush(controller) {
        const rest = pending + decoder.decode();
        if (rest) controller.enqueue(encoder.encode(rewriteLines(rest)));
      },
    }),
  );
}

function rewriteDataLine(line: string, rewrite: JsonRewrite): string {
  if (!line.startsWith('data:')) return line;
  const carriageReturn = line.endsWith('\r') ? '\r' : '';
  const payload = line.slice(5, line.length - carriageReturn.length).trim();
  if (!payload.startsWith('{')) return line;
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return line;
  }
  return `data: ${JSON.stringify(rewrite(event))}${carriageReturn}`;
}
