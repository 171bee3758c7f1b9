// The floors `npm run bench` sets beside each goal: the least of the proxy's work, done by a few lines
// in the same runtime, so that a ratio can be read against what the work itself costs there.
//   MODE=checked    the request body read whole before it goes upstream (so that another key could be
//                   sent it again); an answer read whole before it is passed on, a stream passed on after
//                   its first piece was read from one branch of a tee: what failover and the blank-answer
//                   check need at the least.
//   MODE=converted  every piece of a stream read in JS (the first is the check) and handed on through a JS
//                   ReadableStream, converting nothing: what any stream converted in JS needs at the least.
//                   Where the body is a byte stream, a read that begins between two events asks for at least
//                   64 bytes, as the proxy does on workerd and Deno, so that each event is one read.
export default {
  fetch(request, env) {
    return floor(request, env, fetch);
  },
};

/** `send` is the runtime's fetch, or the Node entry's upstream client. */
export async function floor(request, env, send) {
  const url = new URL(request.url);
  const answer = await send(env.UPSTREAM + url.pathname + url.search, { method: request.method, headers: request.headers, body: await request.arrayBuffer() });
  const init = { status: answer.status, headers: answer.headers };
  if (!url.pathname.endsWith(':streamGenerateContent')) return new Response(await answer.arrayBuffer(), init);
  // A stream read in JS anyway is checked on itself, as the proxy's translated faces do: its first piece read, then the rest.
  if (env.MODE === 'converted') return new Response(relay(answer.body), init);
  const [checked, passed] = answer.body.tee();
  const reader = checked.getReader();
  await reader.read();
  reader.cancel().catch(() => {});
  return new Response(passed, init);
}

function relay(body) {
  const reader = wholeEventReader(body);
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (value?.byteLength) controller.enqueue(value);
      if (done) controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function wholeEventReader(body) {
  let reader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return body.getReader();
  }
  let betweenEvents = true;
  return {
    async read() {
      const result = await reader.read(new Uint8Array(8192), betweenEvents ? { min: 64 } : undefined);
      const piece = result.value;
      if (piece?.byteLength) betweenEvents = piece[piece.byteLength - 1] === 10 && (piece[piece.byteLength - 2] === 10 || piece[piece.byteLength - 3] === 10);
      return result;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
