// The floor `npm run bench` measures the Worker against: a Worker that only forwards each request to
// the upstream and passes the answer back untouched, run in the same workerd, in the same run.
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(env.UPSTREAM + url.pathname + url.search, { method: request.method, headers: request.headers, body: request.body });
  },
};
