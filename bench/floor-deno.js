// bench/floor-worker.js served by Deno, as `npm run bench` runs it beside the Deno entry.
import { floor } from './floor-worker.js';

const env = Deno.env.toObject();
Deno.serve({ hostname: '127.0.0.1', port: Number(env.PORT ?? 0) }, (request) => floor(request, env, fetch));
