// Deno Deploy entry: `deno run --allow-net --allow-env src/deno_index.ts`, or this file as the Deploy entrypoint.
import { handleRequest } from './handle-request.ts';

interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  serve(options: { port?: number }, handler: (request: Request) => Promise<Response>): unknown;
}
const { Deno } = globalThis as unknown as { Deno: DenoRuntime };

const env = Deno.env.toObject();
const port = env.PORT ? Number(env.PORT) : undefined;

Deno.serve(port === undefined ? {} : { port }, (request) => handleRequest(request, env));
