// `npm run start:netlify`: the Netlify edge function under Deno (Netlify's edge runtime is Deno), called the way
// Netlify calls it: with the request and a context, and with the variables behind the `Netlify.env` global.
// Run by Deno, not Node.
import { withFirstByteLimit } from './first-byte-limit.ts';

interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen(address: { hostname: string; port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): unknown;
}
const { Deno } = globalThis as unknown as { Deno: DenoRuntime };

const variables = Deno.env.toObject();
Object.assign(globalThis, {
  Netlify: {
    env: {
      get: (name: string) => variables[name],
      has: (name: string) => name in variables,
      toObject: () => ({ ...variables }),
    },
  },
});

type EdgeFunction = (request: Request, context: object) => Promise<Response>;
// Imported once the global exists, as on Netlify, where it is there before the function loads.
const { default: edgeFunction } = (await import('../netlify/edge-functions/proxy.ts')) as { default: EdgeFunction };

const port = Number(variables.PORT ?? 8888);
Deno.serve(
  { port, hostname: '127.0.0.1', onListen: ({ hostname, port: actual }) => console.log(`Netlify edge function listening on http://${hostname}:${actual}`) },
  (request, info) => withFirstByteLimit(edgeFunction(request, netlifyContext(request, info.remoteAddr.hostname)), Number(variables.PLATFORM_FIRST_BYTE_LIMIT_MS) || undefined),
);

function netlifyContext(request: Request, ip: string): object {
  return {
    ip,
    requestId: crypto.randomUUID(),
    geo: {},
    params: {},
    cookies: { get: () => undefined, set: () => {}, delete: () => {} },
    site: { name: 'local' },
    deploy: { context: 'dev', id: 'local', published: false },
    server: { region: 'local' },
    url: new URL(request.url),
    waitUntil: () => {},
    next: () => Promise.resolve(new Response('No origin behind the edge function in local runs.', { status: 404 })),
  };
}
