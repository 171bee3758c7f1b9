// bench/floor-worker.js on Node as `npm start` serves the core: Hono's adapter and the Node entry's
// upstream client; the web-standard objects (Request, Headers, Response, a stream per body) and nothing else.
import { serve } from '@hono/node-server';
import { nodeUpstreamFetch } from '../src/node/node-upstream-fetch.ts';
import { floor } from './floor-worker.js';

const env = { UPSTREAM: process.env.UPSTREAM ?? '', MODE: process.env.MODE ?? 'checked' };
const send = (url: string, init: { method: string; headers: Headers; body: ArrayBuffer }) =>
  nodeUpstreamFetch(url, { method: init.method, headers: upstreamHeaders(init.headers), body: new Uint8Array(init.body) });

serve({ fetch: (request) => floor(request, env, send), port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1', serverOptions: { noDelay: true } }, (info) =>
  console.log(`floor (${env.MODE}) listening on http://127.0.0.1:${info.port}`),
);

function upstreamHeaders(incoming: Headers): Headers {
  const headers = new Headers();
  for (const name of ['content-type', 'x-goog-api-key']) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}
