// `npm run bench`: what the proxy costs, measured side by side on this machine, written to docs/benchmarks.md.
// Absolute figures drift with the machine's load; the ratios are what to compare.
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServerProcess, type ServerProcess } from '../test/support/local-server.ts';
import { renderBenchmarkReport, type BenchmarkResults, type Load } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const KEYS = 'AIzaSyBenchKey000000000000000000000001,AIzaSyBenchKey000000000000000000000002,AIzaSyBenchKey000000000000000000000003';
const GENERATE_PATH = '/v1beta/models/gemini-2.5-flash:generateContent';
const GENERATE_BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }] });
const CHAT_BODY = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'How many r in strawberry?' }] });
const CHAT_STREAM_BODY = JSON.stringify({ model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'Count to 400' }] });
const STREAM_EVENTS = 400;
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

async function main(): Promise<void> {
  const upstream = await startServerProcess(process.execPath, ['--import', 'tsx', 'bench/bench-upstream.ts'], { PORT: '0' });
  const proxy = await startServerProcess(process.execPath, ['--import', 'tsx', 'src/node_index.ts'], { PORT: '0', GEMINI_BASE_URL: upstream.url });
  try {
    const results = await measure(upstream, proxy);
    const report = renderBenchmarkReport(results);
    writeFileSync(join(root, 'docs/benchmarks.md'), report.markdown);
    writeFileSync(join(root, 'docs/benchmarks.svg'), report.svg);
    console.log(report.summary);
    console.log('\nWritten: docs/benchmarks.md, docs/benchmarks.svg');
  } finally {
    await proxy.stop();
    await upstream.stop();
  }
}

async function measure(upstream: ServerProcess, proxy: ServerProcess): Promise<BenchmarkResults> {
  const nativeHeaders = { 'x-goog-api-key': KEYS, 'content-type': 'application/json' };
  const openAIHeaders = { authorization: `Bearer ${KEYS}`, 'content-type': 'application/json' };
  log('warming up');
  await load(`${proxy.url}${GENERATE_PATH}`, nativeHeaders, GENERATE_BODY, undefined, 2);
  await load(`${proxy.url}/v1/chat/completions`, openAIHeaders, CHAT_BODY, undefined, 2);

  log('native generateContent, straight to the upstream');
  const direct = await load(`${upstream.url}${GENERATE_PATH}`, { ...nativeHeaders, 'x-goog-api-key': KEYS.split(',')[0]! }, GENERATE_BODY);
  log('native generateContent, through the proxy');
  const native = await load(`${proxy.url}${GENERATE_PATH}`, nativeHeaders, GENERATE_BODY, proxy);
  log('OpenAI chat completion, through the proxy');
  const openAIChat = await load(`${proxy.url}/v1/chat/completions`, openAIHeaders, CHAT_BODY, proxy);

  const streamConnections = 4;
  log(`${STREAM_EVENTS}-event stream, straight to the upstream`);
  const streamDirect = await load(`${upstream.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&events=${STREAM_EVENTS}`, nativeHeaders, GENERATE_BODY, undefined, SECONDS, streamConnections);
  log(`${STREAM_EVENTS}-event stream, passed through natively`);
  const streamNative = await load(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&events=${STREAM_EVENTS}`, nativeHeaders, GENERATE_BODY, proxy, SECONDS, streamConnections);
  log(`${STREAM_EVENTS}-event stream, relayed as OpenAI chunks`);
  const streamOpenAI = await load(`${proxy.url}/v1/chat/completions`, openAIHeaders, CHAT_STREAM_BODY, proxy, SECONDS, streamConnections);

  log('time to first byte of a stream');
  const ttfbDirect = await medianTimeToFirstByte(`${upstream.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&events=10`, nativeHeaders, GENERATE_BODY);
  const ttfbProxied = await medianTimeToFirstByte(`${proxy.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&events=10`, nativeHeaders, GENERATE_BODY);

  log('peak memory while passing a 20 MB body, in a server of its own');
  const bodyBytes = 20 * 1024 * 1024;
  const memory = await peakMemoryForBody(upstream, nativeHeaders, bodyBytes);

  log('Worker bundle and its start-up');
  const bundle = await workerBundle();

  return { seconds: SECONDS, connections: CONNECTIONS, streamConnections, streamEvents: STREAM_EVENTS, direct, native, openAIChat, streamDirect, streamNative, streamOpenAI, ttfbDirect, ttfbProxied, memory: { bodyBytes, ...memory }, bundle };
}

async function load(url: string, headers: Record<string, string>, body: string, server?: ServerProcess, seconds = SECONDS, connections = CONNECTIONS): Promise<Load> {
  const cpuBefore = server ? cpuTicks(server.pid) : 0;
  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const requests = result.requests.total;
  const cpuMsPerRequest = server ? ((cpuTicks(server.pid) - cpuBefore) * CLOCK_TICK_MS) / requests : undefined;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests, cpuMsPerRequest };
}

/** User plus system CPU time of a process, in clock ticks, from the kernel's own accounting. */
function cpuTicks(pid: number): number {
  return processTreeOf(pid).reduce((sum, child) => {
    const fields = readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + Number(fields[11]) + Number(fields[12]);
  }, 0);
}

/** The server process and its children (the node process under a wrapper, if any). */
function processTreeOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTreeOf)];
}

function medianTimeToFirstByte(url: string, headers: Record<string, string>, body: string, samples = 41): Promise<number> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timeToFirstByte(url, headers, body));
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  })();
}

function timeToFirstByte(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let first: number | undefined;
      res.on('data', () => (first ??= performance.now() - started));
      res.on('end', () => resolve(first ?? performance.now() - started));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A fresh server, so that the garbage of the load runs does not count: one small request to warm it,
 * then the peak resident memory (VmHWM, reset through clear_refs) while it passes one 20 MB body.
 */
async function peakMemoryForBody(upstream: ServerProcess, headers: Record<string, string>, bodyBytes: number): Promise<{ baselineBytes: number; peakBytes: number }> {
  const server = await startServerProcess(process.execPath, ['--import', 'tsx', 'src/node_index.ts'], { PORT: '0', GEMINI_BASE_URL: upstream.url });
  try {
    const url = `${server.url}${GENERATE_PATH}`;
    await (await fetch(url, { method: 'POST', headers, body: GENERATE_BODY })).arrayBuffer();
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a'.repeat(bodyBytes - 200) }] }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const baselineBytes = memoryOf(server.pid, 'VmRSS');
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const response = await fetch(url, { method: 'POST', headers, body });
    if (!response.ok) throw new Error(`20 MB body: HTTP ${response.status}`);
    await response.arrayBuffer();
    return { baselineBytes, peakBytes: memoryOf(server.pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}

function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
}

async function workerBundle(): Promise<{ kib: number; gzipKib: number; startupMs: number }> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
  const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  const sizes = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  const startups: number[] = [];
  const script = `const t=performance.now();await import(${JSON.stringify(join(outdir, 'index.js'))});console.log(performance.now()-t)`;
  for (let i = 0; i < 9; i++) {
    const { stdout: ms } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    startups.push(Number(ms));
  }
  startups.sort((a, b) => a - b);
  return { kib: Number(sizes?.[1]), gzipKib: Number(sizes?.[2]), startupMs: startups[4]! };
}

function log(step: string): void {
  process.stderr.write(`… ${step}\n`);
}

await main();
