// `npm run start:vercel`: the Vercel entry (api/index.ts) in Vercel's Edge runtime (the `edge-runtime`
// package, which `vercel dev` runs edge functions in). As on Vercel, the function sees the variables as process.env.
import { build } from 'esbuild';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 3000);

// Edge functions are bundled for the platform; the runtime dispatches fetch events to the default export.
const bundle = await build({
  stdin: {
    contents:
      "import handler from './api/index.ts'; import { withFirstByteLimit } from './scripts/first-byte-limit.ts'; " +
      "addEventListener('fetch', (event) => event.respondWith(withFirstByteLimit(handler(event.request), Number(process.env.PLATFORM_FIRST_BYTE_LIMIT_MS) || undefined)));",
    resolveDir: projectRoot,
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
});

const env = { ...process.env };
const runtime = new EdgeRuntime({
  initialCode: bundle.outputFiles[0]!.text,
  extend: (context) => Object.assign(context, { process: { env } }),
});
const server = await runServer({ runtime, port, host: '127.0.0.1' });
console.log(`Vercel Edge runtime listening on ${server.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.close().finally(() => process.exit(0)));
}
