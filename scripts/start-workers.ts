// `npm run start:workers`: the Cloudflare entry in workerd via `wrangler dev`, with the project's wrangler.toml.
// Workers receive variables as `vars`, so the proxy's variables set in this shell are handed over as --var.
import { spawn } from 'node:child_process';
import { ENVIRONMENT_VARIABLES } from '../src/config.ts';

const port = process.env.PORT ?? '8787';
const vars = ENVIRONMENT_VARIABLES.flatMap((name) => (process.env[name] ? ['--var', `${name}:${process.env[name]}`] : []));

const wrangler = spawn('wrangler', ['dev', '--ip', '127.0.0.1', '--port', port, '--show-interactive-dev-session=false', ...vars], {
  stdio: 'inherit',
  // No call home for the Request.cf object or telemetry: local runs must work offline.
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => process.exit(code ?? 1));
