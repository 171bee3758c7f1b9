// The floors `npm run bench` sets beside each goal: the least of the proxy's work, done by a few lines
// in the same runtime, so that a ratio can be read against what the work itself costs there.
//   MODE=checked    the request body read whole before it goes upstream (so that another key could be
//                   sent it again); an answer read whole before it is passed on, a stream passed on after
//                   its first piece was read from one branch of a tee: what failover and the blank-answer
//                   check need at the least.
//   MODE=converted  as checked, and then every piece of a stream read in JS and handed on through a JS
//                   ReadableStream, converting nothing: what any stream converted in JS needs at the least.
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
  const [checked, passed] = answer.body.tee();
  const reader = checked.getReader();
  await reader.read();
  reader.cancel().catch(() => {});
  return new Response(env.MODE === 'converted' ? relay(passed) : passed, init);
}

function relay(body) {
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
