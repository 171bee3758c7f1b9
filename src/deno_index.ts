// Deno Deploy entry: `deno run --allow-net --allow-env src/deno_index.ts`, or this file as the Deploy entrypoint.
import { createHandler } from './create-handler.ts';
import { WEB_STANDARD_SERVICES } from './services.ts';

interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  serve(options: { port?: number }, handler: (request: Request) => Promise<Response>): unknown;
}
const { Deno } = globalThis as unknown as { Deno: DenoRuntime };

// Deno's fetch bodies honour a read's `min` to their end: Gemini's events are read whole. Its tee is JavaScript.
const handleRequest = createHandler({ ...WEB_STANDARD_SERVICES, readsWholeEvents: true });

const env = Deno.env.toObject();
const port = env.PORT ? Number(env.PORT) : undefined;

Deno.serve(port === undefined ? {} : { port }, (request) => handleRequest(request, env));
