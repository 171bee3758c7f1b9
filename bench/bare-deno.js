// The floor `npm run bench` measures the Deno entry against: a Deno server that only forwards each
// request to the upstream (UPSTREAM) and passes the answer back untouched.
const upstream = Deno.env.get('UPSTREAM');
Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PORT') ?? 0) }, (request) => {
  const url = new URL(request.url);
  return fetch(upstream + url.pathname + url.search, { method: request.method, headers: request.headers, body: request.body });
});
