// Local server for `npm start`: the core on Node, through Hono's Node adapter.
import { serve } from '@hono/node-server';
import { createHandler } from './create-handler.ts';
import { setRequestLogWriter } from './log.ts';
import { gatheredStdoutWriter } from './node/gathered-log.ts';
import { createNodeDownloadFetch } from './node/node-download-fetch.ts';
import { nodeUpstreamFetch } from './node/node-upstream-fetch.ts';
import { answerUpgradeRequests } from './node/upgrade-requests.ts';

const port = Number(process.env.PORT ?? 8080);
const env = process.env;
const log = gatheredStdoutWriter();
setRequestLogWriter(log.write);
// node:http for the upstream (several times cheaper than Node's fetch); downloads check the address they connect to.
const handleRequest = createHandler({ upstreamFetch: nodeUpstreamFetch, downloadFetch: createNodeDownloadFetch() });

const server = serve(
  {
    fetch: (request) => handleRequest(request, env),
    port,
    // Without it, the last small write of an answer waits on the client's delayed ACK (some 40 ms).
    serverOptions: { noDelay: true },
  },
  (info) => console.log(`gemini-balance-lite listening on http://localhost:${info.port}`),
);
answerUpgradeRequests(server, (request) => handleRequest(request, env));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.flush();
    server.close();
    process.exit(0);
  });
}
