// Local server for `npm start`: the core on Node, through Hono's Node adapter.
import { serve } from '@hono/node-server';
import { handleRequest } from './handle-request.ts';

const port = Number(process.env.PORT ?? 8080);
const env = process.env;

serve({ fetch: (request) => handleRequest(request, env), port }, (info) => {
  console.log(`gemini-balance-lite listening on http://localhost:${info.port}`);
});
