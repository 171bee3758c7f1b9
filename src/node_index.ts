// Local server for `npm start`: the core on Node, through Hono's Node adapter.
import { serve } from '@hono/node-server';
import { handleRequest } from './handle-request.ts';
import { useUpstreamFetch } from './http/fetch-upstream.ts';
import { nodeHostResolver } from './node/node-host-resolver.ts';
import { nodeUpstreamFetch } from './node/node-upstream-fetch.ts';
import { useHostResolver } from './openai/fetch-remote-file.ts';

const port = Number(process.env.PORT ?? 8080);
const env = process.env;
useUpstreamFetch(nodeUpstreamFetch);
useHostResolver(nodeHostResolver);

const server = serve(
  {
    fetch: (request) => handleRequest(request, env),
    port,
    // Without it, the last small write of an answer waits on the client's delayed ACK (some 40 ms).
    serverOptions: { noDelay: true },
  },
  (info) => console.log(`gemini-balance-lite listening on http://localhost:${info.port}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    process.exit(0);
  });
}
