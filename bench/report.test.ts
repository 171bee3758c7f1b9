import { describe, expect, it } from 'vitest';
import { floor } from './floor-worker.js';
import { renderBenchmarkReport, type BenchmarkResults, type EdgeLoads, type Load, type StreamLoads } from './report.ts';

const load = (cpuMsPerRequest: number): Load => ({ rps: 100, p50: 1, p99: 2, requests: 1000, cpuMsPerRequest });
const streams = (bare: number, checked: number, converted: number, proxy: number): StreamLoads => ({
  bare: load(bare),
  checked: load(checked),
  converted: load(converted),
  native: load(checked),
  openAI: load(proxy),
  responses: load(proxy),
  messages: load(proxy),
});
const edge: EdgeLoads = { bareRequest: load(0.1), checkedRequest: load(0.15), nativeRequest: load(0.11), burst: streams(1, 2, 10, 12), paced: streams(5, 6, 30, 9) };
const memory = { bodyBytes: 20 * 1048576, restBytes: 50 * 1048576, peakBytes: 80 * 1048576, idleStreamBytes: 65_000 };
const results: BenchmarkResults = {
  totalSeconds: 200,
  seconds: 5,
  rounds: 2,
  connections: 32,
  streamConnections: 4,
  pacedConnections: 16,
  streamEvents: 400,
  paceMs: 1,
  workerd: edge,
  deno: edge,
  node: {
    direct: load(0),
    pipe: load(0.1),
    checkedRequest: load(0.25),
    native: load(0.3),
    openAIChat: load(0.3),
    burst: streams(1, 2, 3, 4),
    latency: { direct: 0.3, pipe: 0.5, checked: 0.7, proxy: 0.9 },
    ttfbDirect: 0.2,
    ttfbProxied: 1,
    proxyMemory: memory,
    pipeMemory: { ...memory, peakBytes: 60 * 1048576 },
  },
  bundle: { kib: 130, gzipKib: 47, startupMs: 18 },
};

describe('the benchmark report', () => {
  const { markdown, summary, svg } = renderBenchmarkReport(results);
  const row = (goal: string) => markdown.split('\n').find((line) => line.startsWith(`| ${goal} |`));

  it('says which goals are met, with the floor measured for the same route beside each ratio', () => {
    expect(row('workerd: 400-event stream as OpenAI chunks, 1 ms apart, CPU')).toBe('| workerd: 400-event stream as OpenAI chunks, 1 ms apart, CPU | 1.80 × | 9.00 ms vs 5.00 ms bare Worker | 6.00 × (converted) | ≤ 2 × | met |');
    expect(row('workerd: 400-event stream as OpenAI chunks, in a burst, CPU')).toBe('| workerd: 400-event stream as OpenAI chunks, in a burst, CPU | 12.00 × | 12.00 ms vs 1.00 ms bare Worker | 10.00 × (converted) | ≤ 3 × | **not met** |');
    expect(row('workerd: native request under load, CPU')).toContain('| 1.10 × | 0.110 ms vs 0.100 ms bare Worker | 1.50 × (checked) | ≤ 1.2 × | met |');
    expect(row('Node: latency added to a request')).toContain('| 3.00 × | 0.600 ms vs 0.200 ms bare pipe | 2.00 × (checked) | ≤ 1.5 × | **not met** |');
    expect(row('Node: RSS at rest')).toContain('| — | ≤ 65 MiB | met |');
    expect(summary).toContain('NOT MET  Deno: 400-event stream as Anthropic events, in a burst, CPU: 12.00 × (12.00 ms vs 1.00 ms bare Deno server; target ≤ 3 ×; converted floor 10.00 ×)');
  });

  it('marks each floor on the chart', () => {
    expect(svg.match(/width="3" height="24"/g)).toHaveLength(20);
  });
});

describe('the floor worker', () => {
  const events = ['data: {"a":1}\r\n\r\n', 'data: {"a":2}\r\n\r\n', 'data: {"a":3}\r\n\r\n'];
  const upstream = (url: string, init: { method: string; body: ArrayBuffer }) => {
    sent.push({ url, body: new TextDecoder().decode(init.body) });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(new TextEncoder().encode(event));
        controller.close();
      },
    });
    return Promise.resolve(new Response(url.includes(':stream') ? body : '{"whole":true}', { status: 200, headers: { 'content-type': 'text/event-stream' } }));
  };
  let sent: { url: string; body: string }[] = [];
  const request = (path: string) => new Request(`http://floor${path}`, { method: 'POST', body: '{"contents":[]}' });

  it.each(['checked', 'converted'])('passes a stream on whole, and sends the body it read (%s)', async (mode) => {
    sent = [];
    const answer = await floor(request('/v1beta/models/m:streamGenerateContent?alt=sse'), { UPSTREAM: 'http://up', MODE: mode }, upstream);
    expect(await answer.text()).toBe(events.join(''));
    expect(sent).toEqual([{ url: 'http://up/v1beta/models/m:streamGenerateContent?alt=sse', body: '{"contents":[]}' }]);
  });

  it('passes a whole answer on', async () => {
    const answer = await floor(request('/v1beta/models/m:generateContent'), { UPSTREAM: 'http://up', MODE: 'checked' }, upstream);
    expect(await answer.json()).toEqual({ whole: true });
  });
});
