// Turns the figures of `npm run bench` into the printed summary, docs/benchmarks.md and a chart.
import { CHANGES } from './changes.ts';

export interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** The server's CPU per request, its idle CPU subtracted. */
  readonly cpuMsPerRequest: number;
}

/** One stream of the same Gemini events through the floors, passed through natively, and through each translated face. */
export interface StreamLoads {
  readonly bare: Load;
  /** bench/floor-worker.js, MODE=checked: passed on after its first piece was read from one branch of a tee. */
  readonly checked: Load;
  /** MODE=converted: every piece read in JS (the first is the check) and handed on through a JS stream; whole events where the body allows. */
  readonly converted: Load;
  readonly native: Load;
  readonly openAI: Load;
  readonly responses: Load;
  readonly messages: Load;
}

/** An edge runtime's figures: the proxy beside a bare forwarding server in the same runtime. */
export interface EdgeLoads {
  readonly bareRequest: Load;
  /** bench/floor-worker.js, MODE=checked: the request body and the answer read whole. */
  readonly checkedRequest: Load;
  readonly nativeRequest: Load;
  readonly burst: StreamLoads;
  readonly paced: StreamLoads;
}

export interface NodeMemory {
  readonly bodyBytes: number;
  readonly restBytes: number;
  readonly peakBytes: number;
  readonly idleStreamBytes: number;
}

export interface BenchmarkResults {
  readonly totalSeconds: number;
  readonly seconds: number;
  /** How many times each load ran; each figure is its lowest. */
  readonly rounds: number;
  readonly connections: number;
  readonly streamConnections: number;
  readonly pacedConnections: number;
  readonly streamEvents: number;
  readonly paceMs: number;
  readonly workerd: EdgeLoads;
  readonly deno: EdgeLoads;
  readonly node: {
    readonly direct: Load;
    readonly pipe: Load;
    /** bench/floor-node.ts, MODE=checked: the floor worker behind Hono's adapter and the Node entry's upstream client. */
    readonly checkedRequest: Load;
    readonly native: Load;
    readonly openAIChat: Load;
    readonly burst: StreamLoads;
    readonly latency: { readonly direct: number; readonly pipe: number; readonly checked: number; readonly proxy: number };
    readonly ttfbDirect: number;
    readonly ttfbProxied: number;
    readonly proxyMemory: NodeMemory;
    readonly pipeMemory: NodeMemory;
  };
  readonly bundle: { readonly kib: number; readonly gzipKib: number; readonly startupMs: number };
}

interface Check {
  readonly name: string;
  readonly value: number;
  readonly target: number;
  /** 'min': the value must reach the target; 'max': it must stay under it. */
  readonly kind: 'min' | 'max';
  readonly unit: string;
  /** The two figures the ratio is made of, as shown beside it. */
  readonly detail: string;
  /** The same ratio for the floor that does the least of the work the goal's route needs, measured in the same run. */
  readonly floor?: { readonly value: number; readonly name: string };
}

const MiB = 1048576;
const ms = (value: number) => `${fixed(value)} ms`;

function checksOf(r: BenchmarkResults): Check[] {
  const w = r.workerd;
  const n = r.node;
  const ratio = (name: string, proxy: number, floor: number, target: number, floorName: string, format = ms, least?: { value: number; name: string }): Check => ({
    name,
    value: proxy / floor,
    target,
    kind: 'max',
    unit: '×',
    detail: `${format(proxy)} vs ${format(floor)} ${floorName}`,
    ...(least && { floor: { value: least.value / floor, name: least.name } }),
  });
  const checkedFloor = (value: number) => ({ value, name: 'checked' });
  const convertedFloor = (value: number) => ({ value, name: 'converted' });
  const events = `${r.streamEvents}-event`;
  const worker = 'bare Worker';
  const cpu = (load: Load) => load.cpuMsPerRequest;
  const addedPipe = n.latency.pipe - n.latency.direct;
  const addedProxy = n.latency.proxy - n.latency.direct;
  const m = n.proxyMemory;
  const edge = (runtime: string, e: EdgeLoads, floor: string): Check[] => [
    ...(['paced', 'burst'] as const).flatMap((timing) => {
      const loads = e[timing];
      const when = timing === 'paced' ? `${r.paceMs} ms apart` : 'in a burst';
      const target = timing === 'paced' ? 2 : 3;
      const converted = convertedFloor(cpu(loads.converted));
      return [
        ratio(`${runtime}: ${events} stream as OpenAI chunks, ${when}, CPU`, cpu(loads.openAI), cpu(loads.bare), target, floor, ms, converted),
        ratio(`${runtime}: ${events} stream as Responses events, ${when}, CPU`, cpu(loads.responses), cpu(loads.bare), target, floor, ms, converted),
        ratio(`${runtime}: ${events} stream as Anthropic events, ${when}, CPU`, cpu(loads.messages), cpu(loads.bare), target, floor, ms, converted),
      ];
    }),
    ratio(`${runtime}: ${events} native stream, ${r.paceMs} ms apart, CPU`, cpu(e.paced.native), cpu(e.paced.bare), 1.2, floor, ms, checkedFloor(cpu(e.paced.checked))),
    ratio(`${runtime}: ${events} native stream, in a burst, CPU`, cpu(e.burst.native), cpu(e.burst.bare), 1.2, floor, ms, checkedFloor(cpu(e.burst.checked))),
    ratio(`${runtime}: native request under load, CPU`, cpu(e.nativeRequest), cpu(e.bareRequest), 1.2, floor, (v) => `${fixed(v, 3)} ms`, checkedFloor(cpu(e.checkedRequest))),
  ];
  const addedChecked = n.latency.checked - n.latency.direct;
  return [
    ...edge('workerd', w, worker),
    ratio('Node: native request under load, CPU', cpu(n.native), cpu(n.pipe), 2, 'bare pipe', (v) => `${fixed(v, 3)} ms`, checkedFloor(cpu(n.checkedRequest))),
    ratio('Node: latency added to a request', addedProxy, addedPipe, 1.5, 'bare pipe', (v) => `${fixed(v, 3)} ms`, checkedFloor(addedChecked)),
    ratio('Node: memory per idle stream', m.idleStreamBytes, n.pipeMemory.idleStreamBytes, 1.5, 'bare pipe', (v) => `${fixed(v / 1024, 1)} KiB`),
    { name: 'Node: RSS at rest', value: m.restBytes / MiB, target: 65, kind: 'max', unit: 'MiB', detail: `bare pipe ${fixed(n.pipeMemory.restBytes / MiB, 1)} MiB` },
    {
      name: 'Node: a 20 MB body, peak above rest, vs its size',
      value: (m.peakBytes - m.restBytes) / m.bodyBytes,
      target: 1.6,
      kind: 'max',
      unit: '×',
      detail: `${fixed((m.peakBytes - m.restBytes) / MiB, 1)} MiB; bare pipe ${fixed((n.pipeMemory.peakBytes - n.pipeMemory.restBytes) / MiB, 1)} MiB`,
    },
    ...edge('Deno', r.deno, 'bare Deno server'),
  ];
}

const met = (check: Check) => (check.kind === 'min' ? check.value >= check.target : check.value <= check.target);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function renderBenchmarkReport(r: BenchmarkResults): { markdown: string; svg: string; summary: string } {
  const checks = checksOf(r);
  const checkRows = checks.map(
    (check) =>
      `| ${check.name} | ${fixed(check.value)} ${check.unit} | ${check.detail} | ${check.floor ? `${fixed(check.floor.value)} ${check.unit} (${check.floor.name})` : '—'} | ${check.kind === 'min' ? '≥' : '≤'} ${check.target} ${check.unit} | ${met(check) ? 'met' : '**not met**'} |`,
  );
  const w = r.workerd;
  const n = r.node;
  const memoryRow = (name: string, proxy: number, pipe: number) => `| ${name} | ${fixed(proxy / MiB, 2)} MiB | ${fixed(pipe / MiB, 2)} MiB |`;
  const events = `${r.streamEvents}-event stream`;
  const markdown = `# Benchmarks

What the proxy costs, measured on one machine in one run of \`npm run bench\` (${fixed(r.totalSeconds, 0)} s; set \`BENCH_SECONDS\`,
\`BENCH_ROUNDS\` and \`BENCH_CONNECTIONS\` to change the load). Every load runs ${r.rounds} times, in turns with all the others, for
${r.seconds} s each; each figure is from the round in which it cost least (the machine's disturbances only ever add). The bench starts a lean fake Gemini upstream (\`bench/bench-upstream.ts\`) and, each in
its own process:

- **workerd**: the proxy's Worker bundle (\`wrangler deploy --dry-run\`) in a bare \`workerd serve\` — the binary wrangler installs —
  through a config the bench writes (\`bench/workerd.ts\`: 127.0.0.1, wrangler.toml's compatibility date and flags, outbound
  network to the loopback address only), and beside it, in another workerd, a Worker that only forwards (\`bench/bare-worker.js\`);
- **Deno**: \`deno run src/deno_index.ts\` (the deno binary of the devDependencies), and beside it a Deno server that only
  forwards (\`bench/bare-deno.js\`);
- **Node**: the server as \`npm start\` runs it (\`scripts/start-node.mjs\`: the bundle built at the first start), and beside it a bare node:http pipe (\`bench/bare-pipe.mjs\`, plain Node).

Beside each runtime's proxy run two **floors**, a few lines each (\`bench/floor-worker.js\`; on Deno through
\`bench/floor-deno.js\`, on Node behind Hono's adapter and the Node entry's upstream client, \`bench/floor-node.ts\`), that do
only the least of the proxy's work, so that each goal's ratio can be read against what that work costs in the runtime itself:

- **checked**: reads the request body whole before it goes upstream (failover must be able to send it again with another
  key); reads a whole answer before passing it on, and passes a stream on after reading its first piece from one branch of a
  tee (the blank-answer check). The floor of the native face.
- **converted**: reads every piece of the stream in JS (the first is the check) and hands it on through a JS \`ReadableStream\`,
  converting nothing; where the body is a byte stream, each event in one read, as the proxy does on workerd and Deno. The
  floor of every translated face, whatever its conversion.

In the goals table, *Floor* is the goal's ratio measured for that floor instead of the proxy: where the floor itself is over
the target, no proxy that does this work in this runtime can meet it.

It drives them with autocannon from the bench's own process. CPU is each server process's user + system time from the kernel's
accounting (\`/proc/<pid>/stat\`, all threads), less what the process spends idle over the same time, divided by the requests or
streams served. How much of a process's CPU Cloudflare bills cannot be seen from outside, so the goals are ratios to the floor
measured in the same run. The machine (2 cores, shared) is noisy: absolute figures drift from run to run, the ratios much less.

![Each goal as a share of its target](benchmarks.svg)

## Goals

| Goal | This run | Made of | Floor | Target | |
| --- | --- | --- | --- | --- | --- |
${checkRows.join('\n')}

${renderEdgeTable(`workerd (${r.seconds} s each; requests ${r.connections} connections, bursts ${r.streamConnections}, paced streams ${r.pacedConnections})`, r, w, 'bare forwarding Worker')}${renderEdgeTable(`Deno (\`deno run src/deno_index.ts\`, ${r.seconds} s each)`, r, r.deno, 'bare forwarding Deno server (`bench/bare-deno.js`)')}## Node

| Route | req/s | p50 ms | p99 ms | CPU ms per request or stream |
| --- | --- | --- | --- | --- |
| generateContent, straight to the upstream | ${fixed(n.direct.rps, 0)} | ${fixed(n.direct.p50, 1)} | ${fixed(n.direct.p99, 1)} | — |
${loadRow('generateContent through the bare pipe', n.pipe)}
${loadRow('generateContent through the checked floor (Hono adapter, web objects)', n.checkedRequest)}
${loadRow('generateContent through the proxy (3 keys)', n.native)}
${loadRow('OpenAI chat completion through the proxy', n.openAIChat)}
${streamRows(`${events} in a burst`, n.burst, 'bare pipe').join('\n')}

| Measure | Proxy | Bare pipe |
| --- | --- | --- |
| Median time of one request at a time (straight to the upstream: ${fixed(n.latency.direct, 3)} ms; checked floor: ${fixed(n.latency.checked, 3)} ms) | ${fixed(n.latency.proxy, 3)} ms | ${fixed(n.latency.pipe, 3)} ms |
${memoryRow('Resident memory at rest, after one request', n.proxyMemory.restBytes, n.pipeMemory.restBytes)}
${memoryRow('Peak while passing a 20 MB body (VmHWM; median of 3 fresh servers)', n.proxyMemory.peakBytes, n.pipeMemory.peakBytes)}
| Memory per stream held open after its first event (200 streams; median of 3 fresh servers) | ${fixed(n.proxyMemory.idleStreamBytes / 1024, 1)} KiB | ${fixed(n.pipeMemory.idleStreamBytes / 1024, 1)} KiB |
| Time to first byte of a stream (direct: ${fixed(n.ttfbDirect)} ms, median of 41) | ${fixed(n.ttfbProxied)} ms | — |

| Worker bundle | |
| --- | --- |
| Size (\`wrangler deploy --dry-run\`) | ${fixed(r.bundle.kib)} KiB, ${fixed(r.bundle.gzipKib)} KiB gzipped |
| Module start-up in Node (median of 5 fresh processes) | ${fixed(r.bundle.startupMs)} ms |

${CHANGES}`;
  const summary = [
    ...checks.map(
      (check) =>
        `${met(check) ? 'met    ' : 'NOT MET'}  ${check.name}: ${fixed(check.value)} ${check.unit} (${check.detail}; target ${check.kind === 'min' ? '≥' : '≤'} ${check.target} ${check.unit}${check.floor ? `; ${check.floor.name} floor ${fixed(check.floor.value)} ${check.unit}` : ''})`,
    ),
    `run took ${fixed(r.totalSeconds, 0)} s`,
  ].join('\n');
  return { markdown, svg: renderChart(checks), summary };
}

function loadRow(name: string, load: Load): string {
  return `| ${name} | ${fixed(load.rps, 0)} | ${fixed(load.p50, 1)} | ${fixed(load.p99, 1)} | ${fixed(load.cpuMsPerRequest, 3)} |`;
}

/** One stream's rows: the floors, then the proxy passing it on and translating it. */
function streamRows(label: string, loads: StreamLoads, floor: string): string[] {
  return [
    loadRow(`${label}, ${floor}`, loads.bare),
    loadRow(`${label}, checked floor`, loads.checked),
    loadRow(`${label}, converted floor`, loads.converted),
    loadRow(`${label}, passed through natively`, loads.native),
    loadRow(`${label}, as OpenAI chat chunks`, loads.openAI),
    loadRow(`${label}, as Responses events`, loads.responses),
    loadRow(`${label}, as Anthropic Messages events`, loads.messages),
  ];
}

/** An edge runtime's table: native requests and the streams, each beside its floors. */
function renderEdgeTable(heading: string, r: BenchmarkResults, e: EdgeLoads, floor: string): string {
  return `## ${heading}

| Route | req/s | p50 ms | p99 ms | CPU ms per request or stream |
| --- | --- | --- | --- | --- |
${loadRow(`generateContent, ${floor}`, e.bareRequest)}
${loadRow('generateContent, checked floor', e.checkedRequest)}
${loadRow('generateContent through the proxy (3 keys)', e.nativeRequest)}
${streamRows(`${r.streamEvents}-event stream in a burst`, e.burst, floor).join('\n')}
${streamRows(`${r.streamEvents}-event stream, ${r.paceMs} ms apart`, e.paced, floor).join('\n')}

`;
}

/** One bar per measure, as a share of its target: under 1 is good for limits, over 1 for minimums. */
function renderChart(checks: Check[]): string {
  const width = 1000;
  const rowHeight = 34;
  const labelWidth = 500;
  const barArea = width - labelWidth - 70;
  const scaleMax = Math.max(2, ...checks.map((check) => (Number.isFinite(check.value) ? check.value / check.target : 0)));
  const x = (share: number) => labelWidth + (Math.min(share, scaleMax) / scaleMax) * barArea;
  const rows = checks.map((check, index) => {
    const y = 40 + index * rowHeight;
    const share = Number.isFinite(check.value) ? check.value / check.target : 0;
    const colour = met(check) ? '#2e7d32' : '#c62828';
    const floorTick = check.floor && Number.isFinite(check.floor.value) ? `\n<rect x="${(x(check.floor.value / check.target) - 1.5).toFixed(1)}" y="${y}" width="3" height="24" fill="#222"/>` : '';
    return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(check.name)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(share) - labelWidth).toFixed(1)}" height="18" fill="${colour}"/>${floorTick}
<text x="${(Math.max(x(share), check.floor ? x(check.floor.value / check.target) : 0) + 6).toFixed(1)}" y="${y + 16}">${fixed(check.value)} ${check.unit}</text>`;
  });
  const height = 60 + checks.length * rowHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">Each goal as a share of its target (dashed line; green: met; black mark: the floor's share)</text>
<line x1="${x(1)}" y1="32" x2="${x(1)}" y2="${height - 10}" stroke="#555" stroke-dasharray="4 3"/>
<text x="${x(1) + 4}" y="${height - 12}" fill="#555">target</text>
${rows.join('\n')}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
