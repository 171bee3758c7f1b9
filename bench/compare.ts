// Side-by-side CPU of server variants, each in its own process, in alternating rounds: what the
// figures of "What each change bought" in docs/benchmarks.md were measured with.
//   npx tsx bench/compare.ts <route> <name>=<kind>:<file>[?VARIABLE=value&…] …
// Kinds: workerd (a Worker module in a bare workerd), node (a script run by node; .ts through tsx), deno.
// Routes: request, burst, paced (400-event native stream), openai-burst, openai-paced, messages-burst, messages-paced, responses-burst.
// A variant named "bare" gets the bare forwarding Worker's direct key and paths.
import autocannon from 'autocannon';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { cpuMs, idleCpuMsPerSecond } from './process-stats.ts';
import { startNodeServer } from './servers.ts';
import { startWorkerd, workerdBinary } from './workerd.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KEYS = 'AIzaSyBenchKey000000000000000000000001,AIzaSyBenchKey000000000000000000000002,AIzaSyBenchKey000000000000000000000003';
const GENERATE_BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }] });
const native = { 'x-goog-api-key': KEYS, 'content-type': 'application/json' };
const openAI = { authorization: `Bearer ${KEYS}`, 'content-type': 'application/json' };
const anthropic = { 'x-api-key': KEYS, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const stream = (model: string) => `/v1beta/models/${model}:streamGenerateContent?alt=sse`;
const BURST = 'gemini-2.5-flash-events-400';
const PACED = 'gemini-2.5-flash-events-400-pace-1';
const routes: Record<string, { path: string; headers: Record<string, string>; body: string; connections: number }> = {
  request: { path: '/v1beta/models/gemini-2.5-flash:generateContent', headers: native, body: GENERATE_BODY, connections: 32 },
  burst: { path: stream(BURST), headers: native, body: GENERATE_BODY, connections: 4 },
  paced: { path: stream(PACED), headers: native, body: GENERATE_BODY, connections: 16 },
  'openai-burst': { path: '/v1/chat/completions', headers: openAI, body: JSON.stringify({ model: BURST, stream: true, messages: [{ role: 'user', content: 'Count' }] }), connections: 4 },
  'openai-paced': { path: '/v1/chat/completions', headers: openAI, body: JSON.stringify({ model: PACED, stream: true, messages: [{ role: 'user', content: 'Count' }] }), connections: 16 },
  'messages-burst': { path: '/v1/messages', headers: anthropic, body: JSON.stringify({ model: BURST, stream: true, max_tokens: 9, messages: [{ role: 'user', content: 'Count' }] }), connections: 4 },
  'messages-paced': { path: '/v1/messages', headers: anthropic, body: JSON.stringify({ model: PACED, stream: true, max_tokens: 9, messages: [{ role: 'user', content: 'Count' }] }), connections: 16 },
  'responses-burst': { path: '/v1/responses', headers: openAI, body: JSON.stringify({ model: BURST, stream: true, input: 'Count' }), connections: 4 },
};

const [routeName, ...specs] = process.argv.slice(2);
const route = routes[routeName ?? ''];
if (!route || specs.length === 0) throw new Error(`usage: compare.ts <${Object.keys(routes).join('|')}> name=workerd|node|deno:file[?VAR=value] …`);
const wrangler = parseToml(readFileSync(join(root, 'wrangler.toml'), 'utf8')) as { compatibility_date: string; compatibility_flags?: string[] };
const upstream = await startNodeServer(root, ['--import', 'tsx', 'bench/bench-upstream.ts'], {});
const dir = mkdtempSync(join(tmpdir(), 'compare-'));
const variants = [];
try {
  for (const spec of specs) {
    const [name, rest] = spec.split(/=(.*)/s) as [string, string];
    const [kind, file, query] = rest.split(/:(.*?)(?:\?(.*))?$/s) as [string, string, string | undefined];
    const env = { GEMINI_BASE_URL: upstream.url, UPSTREAM: upstream.url, ...Object.fromEntries(new URLSearchParams(query ?? '')) };
    const worker = await startVariant(name, kind, file, env);
    variants.push({ name, worker, idle: await idleCpuMsPerSecond(worker.pid, 1), figures: [] as number[] });
  }
  for (const variant of variants) await load(variant, 1);
  for (let round = 0; round < ROUNDS; round++) for (const variant of variants) variant.figures.push(await load(variant, SECONDS));
  for (const variant of variants) {
    const sorted = [...variant.figures].sort((a, b) => a - b);
    console.log(`${routeName} ${variant.name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} ms CPU (${variant.figures.map((f) => f.toFixed(3)).join(', ')})`);
  }
} finally {
  for (const variant of variants) await variant.worker.stop();
  await upstream.stop();
}

function startVariant(name: string, kind: string, file: string, env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  if (kind === 'node') return startNodeServer(root, file.endsWith('.ts') ? ['--import', 'tsx', file] : [file], env);
  if (kind === 'deno') return startNodeServer(root, ['run', '--allow-net', '--allow-env', file], { ...env, NO_COLOR: '1' }, join(root, 'node_modules/.bin/deno'));
  if (kind !== 'workerd') throw new Error(`${name}: unknown kind ${kind}`);
  const variantDir = join(dir, name);
  mkdirSync(variantDir);
  return startWorkerd(workerdBinary(root), { modulePath: file, bindings: env, dir: variantDir, compatibilityDate: wrangler.compatibility_date, compatibilityFlags: wrangler.compatibility_flags ?? [] });
}

async function load(variant: { name: string; worker: { url: string; pid: number }; idle: number }, seconds: number): Promise<number> {
  const bare = variant.name.startsWith('bare');
  const headers = bare ? { ...route!.headers, 'x-goog-api-key': KEYS.split(',')[0]! } : route!.headers;
  const path = bare && !route!.path.startsWith('/v1beta') ? stream(JSON.parse(route!.body).model) : route!.path;
  const before = cpuMs(variant.worker.pid);
  const started = performance.now();
  const result = await autocannon({ url: variant.worker.url + path, method: 'POST', headers, body: route!.body, connections: route!.connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${variant.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return (cpuMs(variant.worker.pid) - before - (variant.idle * (performance.now() - started)) / 1000) / result.requests.total;
}
