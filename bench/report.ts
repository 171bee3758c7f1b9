// Turns the figures of `npm run bench` into the printed summary, docs/benchmarks.md and a chart.

export interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly cpuMsPerRequest?: number;
}

export interface BenchmarkResults {
  readonly seconds: number;
  readonly connections: number;
  readonly streamConnections: number;
  readonly streamEvents: number;
  readonly direct: Load;
  readonly native: Load;
  readonly openAIChat: Load;
  readonly streamDirect: Load;
  readonly streamNative: Load;
  readonly streamOpenAI: Load;
  readonly ttfbDirect: number;
  readonly ttfbProxied: number;
  readonly memory: { readonly bodyBytes: number; readonly baselineBytes: number; readonly peakBytes: number };
  readonly bundle: { readonly kib: number; readonly gzipKib: number; readonly startupMs: number };
}

interface Check {
  readonly name: string;
  readonly value: number;
  readonly target: number;
  /** 'min': the value must reach the target; 'max': it must stay under it. */
  readonly kind: 'min' | 'max';
  readonly unit: string;
}

function checksOf(r: BenchmarkResults): Check[] {
  return [
    { name: 'Native passthrough req/s vs direct', value: r.native.rps / r.direct.rps, target: 0.5, kind: 'min', unit: '×' },
    { name: 'OpenAI chat req/s vs native', value: r.openAIChat.rps / r.native.rps, target: 0.8, kind: 'min', unit: '×' },
    { name: `${r.streamEvents}-event stream as OpenAI chunks, time vs native pass-through`, value: r.streamNative.rps / r.streamOpenAI.rps, target: 1.5, kind: 'max', unit: '×' },
    { name: 'Peak memory for a 20 MB body, vs its size', value: (r.memory.peakBytes - r.memory.baselineBytes) / r.memory.bodyBytes, target: 3, kind: 'max', unit: '×' },
    { name: 'CPU per native request', value: r.native.cpuMsPerRequest ?? NaN, target: 0.5, kind: 'max', unit: 'ms' },
    { name: 'CPU per OpenAI chat request', value: r.openAIChat.cpuMsPerRequest ?? NaN, target: 0.6, kind: 'max', unit: 'ms' },
    { name: `CPU per ${r.streamEvents}-event OpenAI stream`, value: r.streamOpenAI.cpuMsPerRequest ?? NaN, target: 2, kind: 'max', unit: 'ms' },
  ];
}

const met = (check: Check) => (check.kind === 'min' ? check.value >= check.target : check.value <= check.target);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function renderBenchmarkReport(r: BenchmarkResults): { markdown: string; svg: string; summary: string } {
  const checks = checksOf(r);
  const checkRows = checks.map((check) => `| ${check.name} | ${fixed(check.value)} ${check.unit} | ${check.kind === 'min' ? '≥' : '≤'} ${check.target} ${check.unit} | ${met(check) ? 'met' : '**not met**'} |`);
  const loadRow = (name: string, load: Load) =>
    `| ${name} | ${fixed(load.rps, 0)} | ${fixed(load.p50, 1)} | ${fixed(load.p99, 1)} | ${load.cpuMsPerRequest === undefined ? '—' : fixed(load.cpuMsPerRequest, 3)} |`;
  const markdown = `# Benchmarks

What the proxy costs, measured on one machine in one run: \`npm run bench\` (set \`BENCH_SECONDS\` and \`BENCH_CONNECTIONS\` to change the load).
It starts a lean fake Gemini upstream (\`bench/bench-upstream.ts\`) and the local server (\`npm start\`'s \`src/node_index.ts\`), each in its own process,
and drives them with autocannon from a third. The machine is shared and noisy: absolute figures drift from run to run, the ratios much less.
CPU is the server process's user + system time from the kernel's accounting (\`/proc/<pid>/stat\`), divided by the requests served.

![Ratios against their targets](benchmarks.svg)

## Targets

| Measure | This run | Target | |
| --- | --- | --- | --- |
${checkRows.join('\n')}

## Load (${r.seconds} s each, ${r.connections} connections; streams ${r.streamConnections} connections)

| Route | req/s | p50 ms | p99 ms | server CPU ms/request |
| --- | --- | --- | --- | --- |
${loadRow('generateContent, straight to the upstream', r.direct)}
${loadRow('generateContent through the proxy (3 keys)', r.native)}
${loadRow('OpenAI chat completion through the proxy', r.openAIChat)}
${loadRow(`${r.streamEvents}-event stream, straight to the upstream`, r.streamDirect)}
${loadRow(`${r.streamEvents}-event stream, passed through natively`, r.streamNative)}
${loadRow(`${r.streamEvents}-event stream, relayed as OpenAI chunks`, r.streamOpenAI)}

## Streams, memory, bundle

| Measure | Value |
| --- | --- |
| Time to first byte of a stream, direct (median of 41) | ${fixed(r.ttfbDirect)} ms |
| Time to first byte of a stream, through the proxy | ${fixed(r.ttfbProxied)} ms |
| Added to the first byte by the proxy | ${fixed(r.ttfbProxied - r.ttfbDirect)} ms |
| Server memory before the 20 MB bodies (RSS) | ${fixed(r.memory.baselineBytes / 1048576, 1)} MiB |
| Peak server memory while passing 20 MB bodies (VmHWM) | ${fixed(r.memory.peakBytes / 1048576, 1)} MiB |
| Cloudflare Worker bundle (\`wrangler deploy --dry-run\`) | ${fixed(r.bundle.kib)} KiB, ${fixed(r.bundle.gzipKib)} KiB gzipped |
| Worker bundle module start-up in Node (median of 9 fresh processes) | ${fixed(r.bundle.startupMs)} ms |

${renderAnalysis(r)}`;
  const summary = [
    ...checks.map((check) => `${met(check) ? 'met    ' : 'NOT MET'}  ${check.name}: ${fixed(check.value)} ${check.unit} (target ${check.kind === 'min' ? '≥' : '≤'} ${check.target} ${check.unit})`),
    `direct ${fixed(r.direct.rps, 0)} req/s, native ${fixed(r.native.rps, 0)} req/s, OpenAI ${fixed(r.openAIChat.rps, 0)} req/s`,
    `stream first byte: +${fixed(r.ttfbProxied - r.ttfbDirect)} ms; Worker ${fixed(r.bundle.gzipKib)} KiB gzipped, start-up ${fixed(r.bundle.startupMs)} ms`,
  ].join('\n');
  return { markdown, svg: renderChart(checks), summary };
}

/** What the figures mean where a target is missed, with this run's numbers. */
function renderAnalysis(r: BenchmarkResults): string {
  const perEvent = (load: Load) => ((load.cpuMsPerRequest ?? NaN) * 1000) / r.streamEvents;
  return `## Reading the figures

- **Native passthrough against a direct connection.** The fake upstream answers from memory (${fixed(r.direct.rps, 0)} req/s direct):
  it does almost no work, so the proxy — a server and a client in one, in a third process on the same two cores — is
  what limits the run. At ${fixed(r.native.cpuMsPerRequest ?? NaN, 3)} ms of CPU per request it serves ${fixed(r.native.rps, 0)} req/s;
  a proxy that cost nothing but its own HTTP parsing would still share the cores with client and upstream. Against the
  real API, whose answers take hundreds of milliseconds, the added time per request is the p50 difference above, a few ms
  at ${r.connections} concurrent requests, and the first byte of a stream comes ${fixed(r.ttfbProxied - r.ttfbDirect)} ms later.
- **Long streams.** Gemini sends each event as its own piece, and so does the fake upstream: the proxy reads, and writes
  on, ${r.streamEvents} pieces per stream. Passing them through costs ${fixed(perEvent(r.streamNative), 1)} µs of CPU per event
  (two system calls and the web-stream hand-offs of the core); converting them to OpenAI chunks costs
  ${fixed(perEvent(r.streamOpenAI), 1)} µs per event, the difference being JSON parsing of each Gemini event, building
  and serialising each chunk, text decoding and encoding, and one more stream hand-off. Converting the same events
  in-process, without sockets, costs about 1 ms per stream when they arrive in a few large pieces and about 2.5 ms
  when they arrive one by one: the per-piece hand-off, not the JSON, is most of the cost.
- **What was changed for these figures** (profiled with \`node --cpu-prof\`): the local server sets TCP_NODELAY
  (without it, the last small write of each answer waited ~40 ms for the client's delayed ACK: 750 req/s instead of
  several thousand); the Node entry calls the upstream through node:http with keep-alive instead of Node's fetch
  (about 0.48 → 0.18 ms of CPU per request in isolation); the OpenAI stream writes all chunks made from one upstream
  piece at once, finds SSE line ends with \`indexOf\` instead of a per-character loop, and serialises each chunk's
  envelope once per stream; the Node upstream client lets up to 64 pieces wait before pausing the socket
  (about 5.5 → 4.6 ms per 400-event OpenAI stream); small request bodies of declared length are read whole through Hono's direct
  read on Node (0.33 → 0.22 ms of CPU per native request: building a body stream cost a third of it), large
  ones gathered in pieces and copied once into room for their declared length.
- **Memory** is measured in a fresh server of its own, so that the garbage of the load runs does not count;
  what remains above 1× is the body held for failover plus the runtime's own buffers while it arrives.
- **Tried without gain:** running the server from an esbuild bundle instead of through tsx (same CPU per request).
`;
}

/** One bar per measure, as a share of its target: under 1 is good for limits, over 1 for minimums. */
function renderChart(checks: Check[]): string {
  const width = 920;
  const rowHeight = 34;
  const labelWidth = 480;
  const barArea = width - labelWidth - 70;
  const scaleMax = Math.max(2, ...checks.map((check) => (Number.isFinite(check.value) ? check.value / check.target : 0)));
  const x = (share: number) => labelWidth + (Math.min(share, scaleMax) / scaleMax) * barArea;
  const rows = checks.map((check, index) => {
    const y = 40 + index * rowHeight;
    const share = Number.isFinite(check.value) ? check.value / check.target : 0;
    const colour = met(check) ? '#2e7d32' : '#c62828';
    return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(check.name)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(share) - labelWidth).toFixed(1)}" height="18" fill="${colour}"/>
<text x="${(x(share) + 6).toFixed(1)}" y="${y + 16}">${fixed(check.value)} ${check.unit}</text>`;
  });
  const height = 60 + checks.length * rowHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">Each measure as a share of its target (green: target met)</text>
<line x1="${x(1)}" y1="32" x2="${x(1)}" y2="${height - 10}" stroke="#555" stroke-dasharray="4 3"/>
<text x="${x(1) + 4}" y="${height - 12}" fill="#555">target</text>
${rows.join('\n')}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
