// For the local runs of Vercel's and Netlify's runtimes: the platforms end a request whose answer has
// not begun (headers and a first byte of body) within a limit. Set PLATFORM_FIRST_BYTE_LIMIT_MS to have
// the local run do the same, with a limit short enough for tests; unset, nothing changes.

/** The response as the platform would let it through: a 504 in place of an answer whose first byte came too late. */
export async function withFirstByteLimit(answer: Promise<Response>, limitMs: number | undefined): Promise<Response> {
  if (!limitMs) return answer;
  const deadline = Date.now() + limitMs;
  const timedOut = () => new Response('The platform ended the request: no answer began in time (local first-byte limit).', { status: 504 });
  const response = await Promise.race([answer, sleep(limitMs).then(() => undefined)]);
  if (!response) return timedOut();
  if (!response.body) return response;
  const reader = response.body.getReader();
  const first = await Promise.race([reader.read(), sleep(Math.max(0, deadline - Date.now())).then(() => undefined)]);
  if (!first) {
    void reader.cancel();
    return timedOut();
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
