// `npm run bench`: what the proxy costs, measured side by side on this machine, written to docs/benchmarks.md.
// Every goal is a ratio to a floor measured in the same run: a bare forwarding Worker in the same workerd,
// a bare node:http pipe beside the Node server. Absolute figures drift with the machine's load; the ratios much less.
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { cpuMs, idleCpuMsPerSecond, memoryOf } from './process-stats.ts';
import { startNodeServer, type NodeServer } from './servers.ts';
import { lowest } from './rounds.ts';
import { renderBenchmarkReport, type BenchmarkResults, type EdgeLoads, type Load, type NodeMemory, type StreamLoads } from './report.ts';
import { startWorkerd, workerdBinary, type WorkerdProcess } from './workerd.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Every load is run this many times, in turns; each figure is its lowest (see lowest). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STREAM_CONNECTIONS = 4;
const PACED_CONNECTIONS = 16;
const KEYS = 'AIzaSyBenchKey000000000000000000000001,AIzaSyBenchKey000000000000000000000002,AIzaSyBenchKey000000000000000000000003';
const ONE_KEY = KEYS.split(',')[0]!;
const GENERATE_PATH = '/v1beta/models/gemini-2.5-flash:generateContent';
const GENERATE_BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }] });
const CHAT_BODY = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'How many r in strawberry?' }] });
const STREAM_EVENTS = 400;
const PACE_MS = 1;
const IDLE_STREAMS = 200;
/** What `npm start` runs, started directly so that the bench sees the server's own process. */
const NODE_SERVER_ARGS = ['scripts/start-node.mjs'];

const nativeHeaders = { 'x-goog-api-key': KEYS, 'content-type': 'application/json' };
const directHeaders = { ...nativeHeaders, 'x-goog-api-key': ONE_KEY };
const openAIHeaders = { authorization: `Bearer ${KEYS}`, 'content-type': 'application/json' };
const anthropicHeaders = { 'x-api-key': KEYS, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };

/** A stream's path on the native face; `model` tells the bench upstream how many events and how far apart. */
const streamPath = (model: string) => `/v1beta/models/${model}:streamGenerateContent?alt=sse`;

/** The translated faces' streams of `model`. */
function streamRoutes(model: string) {
  return {
    openAI: { path: '/v1/chat/completions', headers: openAIHeaders, body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Count to 400' }] }) },
    responses: { path: '/v1/responses', headers: openAIHeaders, body: JSON.stringify({ model, stream: true, input: 'Count to 400' }) },
    messages: { path: '/v1/messages', headers: anthropicHeaders, body: JSON.stringify({ model, stream: true, max_tokens: 4096, messages: [{ role: 'user', content: 'Count to 400' }] }) },
  };
}

interface Measured {
  readonly url: string;
  readonly pid: number;
  /** CPU the process spends per second with nothing to do, subtracted from every figure. */
  idleMsPerSecond: number;
}

/** Where the last run's figures are kept, so that the report can be written again from them (`BENCH_RENDER_ONLY=1`). */
const RESULTS_PATH = join(tmpdir(), 'gemini-balance-lite-bench.json');

function writeReport(results: BenchmarkResults): void {
  const report = renderBenchmarkReport(results);
  writeFileSync(join(root, 'docs/benchmarks.md'), report.markdown);
  writeFileSync(join(root, 'docs/benchmarks.svg'), report.svg);
  console.log(report.summary);
  console.log('\nWritten: docs/benchmarks.md, docs/benchmarks.svg');
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER_ONLY) {
    writeReport(JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as BenchmarkResults);
    return;
  }
  const started = performance.now();
  log('Worker bundle (wrangler deploy --dry-run)');
  const bundle = await workerBundle();

  const upstream = await startNodeServer(root, ['--import', 'tsx', 'bench/bench-upstream.ts'], {});
  const servers: { stop(): Promise<void> }[] = [upstream];
  try {
    const wrangler = parseToml(readFileSync(join(root, 'wrangler.toml'), 'utf8')) as { compatibility_date: string; compatibility_flags?: string[] };
    const binary = workerdBinary(root);
    const workerdDir = (name: string) => {
      const dir = join(bundle.outdir, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    };
    const compat = { compatibilityDate: wrangler.compatibility_date, compatibilityFlags: wrangler.compatibility_flags ?? [] };
    const workerProxy = await startWorkerd(binary, { ...compat, modulePath: join(bundle.outdir, 'index.js'), bindings: { GEMINI_BASE_URL: upstream.url }, dir: workerdDir('proxy') });
    servers.push(workerProxy);
    const workerBare = await startWorkerd(binary, { ...compat, modulePath: join(root, 'bench/bare-worker.js'), bindings: { UPSTREAM: upstream.url }, dir: workerdDir('bare') });
    servers.push(workerBare);
    const floorWorker = (mode: string) => startWorkerd(binary, { ...compat, modulePath: join(root, 'bench/floor-worker.js'), bindings: { UPSTREAM: upstream.url, MODE: mode }, dir: workerdDir(mode) });
    const workerChecked = await floorWorker('checked');
    servers.push(workerChecked);
    const workerConverted = await floorWorker('converted');
    servers.push(workerConverted);
    const nodeProxy = await startNodeServer(root, NODE_SERVER_ARGS, { GEMINI_BASE_URL: upstream.url });
    servers.push(nodeProxy);
    const nodePipe = await startNodeServer(root, ['bench/bare-pipe.mjs'], { UPSTREAM: upstream.url });
    servers.push(nodePipe);
    const nodeFloor = (mode: string) => startNodeServer(root, ['--import', 'tsx', 'bench/floor-node.ts'], { UPSTREAM: upstream.url, MODE: mode });
    const nodeChecked = await nodeFloor('checked');
    servers.push(nodeChecked);
    const nodeConverted = await nodeFloor('converted');
    servers.push(nodeConverted);

    const deno = join(root, 'node_modules/.bin/deno');
    const denoProxy = await startNodeServer(root, ['run', '--allow-net', '--allow-env', 'src/deno_index.ts'], { GEMINI_BASE_URL: upstream.url, NO_COLOR: '1' }, deno);
    servers.push(denoProxy);
    const denoBare = await startNodeServer(root, ['run', '--allow-net', '--allow-env', 'bench/bare-deno.js'], { UPSTREAM: upstream.url, NO_COLOR: '1' }, deno);
    servers.push(denoBare);
    const denoFloor = (mode: string) => startNodeServer(root, ['run', '--allow-net', '--allow-env', 'bench/floor-deno.js'], { UPSTREAM: upstream.url, MODE: mode, NO_COLOR: '1' }, deno);
    const denoChecked = await denoFloor('checked');
    servers.push(denoChecked);
    const denoConverted = await denoFloor('converted');
    servers.push(denoConverted);

    const measured = (server: WorkerdProcess | NodeServer): Measured => ({ url: server.url, pid: server.pid, idleMsPerSecond: 0 });
    const targets = {
      workerProxy: measured(workerProxy),
      workerBare: measured(workerBare),
      workerChecked: measured(workerChecked),
      workerConverted: measured(workerConverted),
      nodeProxy: measured(nodeProxy),
      nodePipe: measured(nodePipe),
      nodeChecked: measured(nodeChecked),
      nodeConverted: measured(nodeConverted),
      denoProxy: measured(denoProxy),
      denoBare: measured(denoBare),
      denoChecked: measured(denoChecked),
      denoConverted: measured(denoConverted),
    };
    log('idle CPU of each process');
    await Promise.all(Object.values(targets).map(async (target) => (target.idleMsPerSecond = await idleCpuMsPerSecond(target.pid, 2))));

    const results = await measure(upstream, targets, bundle);
    const complete = { ...results, totalSeconds: (performance.now() - started) / 1000 };
    writeFileSync(RESULTS_PATH, JSON.stringify(complete));
    writeReport(complete);
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

async function measure(
  upstream: NodeServer,
  t: Record<`${'worker' | 'deno'}${'Proxy' | 'Bare' | 'Checked' | 'Converted'}` | `node${'Proxy' | 'Pipe' | 'Checked' | 'Converted'}`, Measured>,
  bundle: BenchmarkResults['bundle'],
): Promise<Omit<BenchmarkResults, 'totalSeconds'>> {
  const up: Measured = { url: upstream.url, pid: upstream.pid, idleMsPerSecond: 0 };
  log('warming up');
  for (const target of [t.workerProxy, t.nodeProxy, t.denoProxy]) await load(target, GENERATE_PATH, nativeHeaders, GENERATE_BODY, 1);
  for (const target of [t.workerBare, t.workerChecked, t.workerConverted, t.nodePipe, t.nodeChecked, t.nodeConverted, t.denoBare, t.denoChecked, t.denoConverted]) {
    await load(target, GENERATE_PATH, directHeaders, GENERATE_BODY, 1);
  }
  await load(t.workerProxy, '/v1/chat/completions', openAIHeaders, CHAT_BODY, 1);
  await load(t.nodeProxy, '/v1/chat/completions', openAIHeaders, CHAT_BODY, 1);

  let loads = await measureLoads(up, t);
  for (let round = 1; round < ROUNDS; round++) {
    log(`round ${round + 1} of ${ROUNDS}`);
    loads = lowest(loads, await measureLoads(up, t));
  }

  log('Node: memory at rest, per idle stream and for a 20 MB body, in fresh servers');
  const proxyMemory = await nodeMemory(NODE_SERVER_ARGS, upstream.url);
  const pipeMemory = await nodeMemory(['bench/bare-pipe.mjs'], upstream.url);

  return {
    seconds: SECONDS,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    streamConnections: STREAM_CONNECTIONS,
    pacedConnections: PACED_CONNECTIONS,
    streamEvents: STREAM_EVENTS,
    paceMs: PACE_MS,
    workerd: loads.workerd,
    deno: loads.deno,
    node: { ...loads.node, proxyMemory, pipeMemory },
    bundle,
  };
}

type Targets = Parameters<typeof measure>[1];
type MeasuredLoads = Pick<BenchmarkResults, 'workerd' | 'deno'> & { node: Omit<BenchmarkResults['node'], 'proxyMemory' | 'pipeMemory'> };

/** One round of every load: each process in turn, so that a disturbance of the machine falls on one figure, not on a kind. */
async function measureLoads(upstream: Measured, t: Targets): Promise<MeasuredLoads> {
  const up = upstream;
  const workerd = await edgeLoads('workerd', t.workerProxy, { bare: t.workerBare, checked: t.workerChecked, converted: t.workerConverted });
  const deno = await edgeLoads('Deno', t.denoProxy, { bare: t.denoBare, checked: t.denoChecked, converted: t.denoConverted });

  log('Node: native generateContent, straight to the upstream, through the bare pipe, the checked floor and the proxy');
  const direct = await load(up, GENERATE_PATH, directHeaders, GENERATE_BODY);
  const pipe = await load(t.nodePipe, GENERATE_PATH, directHeaders, GENERATE_BODY);
  const checkedRequest = await load(t.nodeChecked, GENERATE_PATH, directHeaders, GENERATE_BODY);
  const native = await load(t.nodeProxy, GENERATE_PATH, nativeHeaders, GENERATE_BODY);
  const openAIChat = await load(t.nodeProxy, '/v1/chat/completions', openAIHeaders, CHAT_BODY);
  log(`Node: ${STREAM_EVENTS}-event streams in a burst`);
  const nodeBurst = await streamLoads(t.nodeProxy, { bare: t.nodePipe, checked: t.nodeChecked, converted: t.nodeConverted }, `gemini-2.5-flash-events-${STREAM_EVENTS}`, STREAM_CONNECTIONS);

  log('Node: latency added, one request at a time');
  const latency = await medianLatencies([up.url, t.nodePipe.url, t.nodeChecked.url, t.nodeProxy.url]);
  log('Node: time to first byte of a stream');
  const ttfbDirect = await medianTimeToFirstByte(`${upstream.url}${streamPath('gemini-2.5-flash-events-10')}`);
  const ttfbProxied = await medianTimeToFirstByte(`${t.nodeProxy.url}${streamPath('gemini-2.5-flash-events-10')}`);
  return { workerd, deno, node: { direct, pipe, checkedRequest, native, openAIChat, burst: nodeBurst, latency, ttfbDirect, ttfbProxied } };
}


/** The servers a runtime's proxy is measured against: the bare forwarder and the floors of bench/floor-worker.js. */
interface Floors {
  readonly bare: Measured;
  readonly checked: Measured;
  readonly converted: Measured;
}

async function edgeLoads(runtime: string, proxy: Measured, floors: Floors): Promise<EdgeLoads> {
  log(`${runtime}: native requests, proxy, bare forwarder and the checked floor`);
  const bareRequest = await load(floors.bare, GENERATE_PATH, directHeaders, GENERATE_BODY);
  const checkedRequest = await load(floors.checked, GENERATE_PATH, directHeaders, GENERATE_BODY);
  const nativeRequest = await load(proxy, GENERATE_PATH, nativeHeaders, GENERATE_BODY);
  log(`${runtime}: ${STREAM_EVENTS}-event streams in a burst`);
  const burst = await streamLoads(proxy, floors, `gemini-2.5-flash-events-${STREAM_EVENTS}`, STREAM_CONNECTIONS);
  log(`${runtime}: ${STREAM_EVENTS}-event streams, events ${PACE_MS} ms apart`);
  const paced = await streamLoads(proxy, floors, `gemini-2.5-flash-events-${STREAM_EVENTS}-pace-${PACE_MS}`, PACED_CONNECTIONS);
  return { bareRequest, checkedRequest, nativeRequest, burst, paced };
}

async function streamLoads(proxy: Measured, floors: Floors, model: string, connections: number): Promise<StreamLoads> {
  const routes = streamRoutes(model);
  const face = (route: { path: string; headers: Record<string, string>; body: string }) => load(proxy, route.path, route.headers, route.body, SECONDS, connections);
  const floor = (server: Measured) => load(server, streamPath(model), directHeaders, GENERATE_BODY, SECONDS, connections);
  return {
    bare: await floor(floors.bare),
    checked: await floor(floors.checked),
    converted: await floor(floors.converted),
    native: await load(proxy, streamPath(model), nativeHeaders, GENERATE_BODY, SECONDS, connections),
    openAI: await face(routes.openAI),
    responses: await face(routes.responses),
    messages: await face(routes.messages),
  };
}

async function load(target: Measured, path: string, headers: Record<string, string>, body: string, seconds = SECONDS, connections = CONNECTIONS): Promise<Load> {
  const cpuBefore = cpuMs(target.pid);
  const started = performance.now();
  const result = await autocannon({ url: `${target.url}${path}`, method: 'POST', headers, body, connections, duration: seconds });
  const elapsedSeconds = (performance.now() - started) / 1000;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const requests = result.requests.total;
  const cpuMsPerRequest = (cpuMs(target.pid) - cpuBefore - target.idleMsPerSecond * elapsedSeconds) / requests;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests, cpuMsPerRequest };
}

const latencyAgent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Median time of one generateContent at a time through each URL, taken in turns so that the machine's load falls on all alike. */
async function medianLatencies(urls: string[], rounds = 400): Promise<{ direct: number; pipe: number; checked: number; proxy: number }> {
  const times = urls.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < urls.length; i++) {
      const started = performance.now();
      await requestOnce(`${urls[i]}${GENERATE_PATH}`, i === urls.length - 1 ? nativeHeaders : directHeaders, GENERATE_BODY, latencyAgent);
      if (round >= 20) times[i]!.push(performance.now() - started);
    }
  }
  const medians = times.map(median);
  return { direct: medians[0]!, pipe: medians[1]!, checked: medians[2]!, proxy: medians[3]! };
}

function requestOnce(url: string, headers: Record<string, string>, body: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function medianTimeToFirstByte(url: string, samples = 41): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await timeToFirstByte(url));
  return median(times);
}

function timeToFirstByte(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method: 'POST', headers: nativeHeaders }, (res) => {
      let first: number | undefined;
      res.on('data', () => (first ??= performance.now() - started));
      res.on('end', () => resolve(first ?? performance.now() - started));
    });
    req.on('error', reject);
    req.end(GENERATE_BODY);
  });
}

/** Memory figures swing by a sixth from one fresh server to the next on this machine: each is the median of this many. */
const MEMORY_ROUNDS = 3;

/**
 * Fresh servers, so that the garbage of the load runs does not count. In each of one kind: resident
 * memory at rest after one small request, then the peak (VmHWM, reset through clear_refs) while it
 * passes one 20 MB body. In each of another: resident memory added by each of 200 streams held open
 * after their first event. Every figure is the median of MEMORY_ROUNDS servers.
 */
async function nodeMemory(args: string[], upstreamUrl: string): Promise<NodeMemory> {
  const bodyBytes = 20 * 1024 * 1024;
  const rests: number[] = [];
  const peaksAboveRest: number[] = [];
  const idleStreams: number[] = [];
  for (let round = 0; round < MEMORY_ROUNDS; round++) {
    const { restBytes, peakBytes } = await bodyPeak(args, upstreamUrl, bodyBytes);
    rests.push(restBytes);
    peaksAboveRest.push(peakBytes - restBytes);
    idleStreams.push(await idleStreamBytes(args, upstreamUrl));
  }
  const restBytes = median(rests);
  return { bodyBytes, restBytes, peakBytes: restBytes + median(peaksAboveRest), idleStreamBytes: median(idleStreams) };
}

async function bodyPeak(args: string[], upstreamUrl: string, bodyBytes: number): Promise<{ restBytes: number; peakBytes: number }> {
  const server = await startNodeServer(root, args, { GEMINI_BASE_URL: upstreamUrl, UPSTREAM: upstreamUrl });
  try {
    const pid = server.pid;
    await requestOnce(`${server.url}${GENERATE_PATH}`, nativeHeaders, GENERATE_BODY, new Agent());
    await sleep(500);
    const restBytes = memoryOf(pid, 'VmRSS');
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a'.repeat(bodyBytes - 200) }] }] });
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    await requestOnce(`${server.url}${GENERATE_PATH}`, directHeaders, body, new Agent());
    return { restBytes, peakBytes: memoryOf(pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}

async function idleStreamBytes(args: string[], upstreamUrl: string): Promise<number> {
  const server = await startNodeServer(root, args, { GEMINI_BASE_URL: upstreamUrl, UPSTREAM: upstreamUrl });
  try {
    const pid = server.pid;
    const url = `${server.url}${streamPath('gemini-2.5-flash-events-2-pace-60000')}`;
    // One round opened and closed first, so that what the first streams allocate once does not count.
    await closeAll(await openIdleStreams(url, 20));
    await sleep(500);
    const before = memoryOf(pid, 'VmRSS');
    const streams = await openIdleStreams(url, IDLE_STREAMS);
    await sleep(500);
    const after = memoryOf(pid, 'VmRSS');
    await closeAll(streams);
    return (after - before) / IDLE_STREAMS;
  } finally {
    await server.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Streams whose first event has arrived and whose next will not come for a minute. */
async function openIdleStreams(url: string, count: number): Promise<ClientRequest[]> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  return Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ClientRequest>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', headers: directHeaders, agent }, (res) => res.once('data', () => resolve(req)));
        req.on('error', reject);
        req.end(GENERATE_BODY);
      }),
    ),
  );
}

async function closeAll(streams: ClientRequest[]): Promise<void> {
  for (const req of streams) req.destroy();
  await sleep(200);
}

async function workerBundle(): Promise<BenchmarkResults['bundle'] & { outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
  const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  const sizes = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  const startups: number[] = [];
  const script = `const t=performance.now();await import(${JSON.stringify(join(outdir, 'index.js'))});console.log(performance.now()-t)`;
  for (let i = 0; i < 5; i++) {
    const { stdout: ms } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    startups.push(Number(ms));
  }
  return { outdir, kib: Number(sizes?.[1]), gzipKib: Number(sizes?.[2]), startupMs: median(startups) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(step: string): void {
  process.stderr.write(`… ${step}\n`);
}

await main();
