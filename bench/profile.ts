// A CPU profile of the proxy's JavaScript inside workerd or Deno, taken through the runtime's inspector
// while autocannon loads it; prints where the time went (self time by function) and writes the
// .cpuprofile (open it in Chrome's DevTools). What docs/benchmarks.md's profiles were taken with.
//   NODE_OPTIONS=--experimental-websocket npx tsx bench/profile.ts workerd <bundle.js> [request|openai-paced]
//   NODE_OPTIONS=--experimental-websocket npx tsx bench/profile.ts deno src/deno_index.ts [request|openai-paced]
// (Node: `node --cpu-prof` on the server does the same.)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../test/support/local-server.ts';
import { startNodeServer } from './servers.ts';
import { workerdBinary, workerdConfig } from './workerd.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const [runtime, entry, route = 'request'] = process.argv.slice(2);
if ((runtime !== 'workerd' && runtime !== 'deno') || !entry) throw new Error('usage: profile.ts workerd|deno <entry> [request|openai-paced]');
const KEYS = 'AIzaSyBenchKey000000000000000000000001,AIzaSyBenchKey000000000000000000000002,AIzaSyBenchKey000000000000000000000003';
const load =
  route === 'request'
    ? { path: '/v1beta/models/gemini-2.5-flash:generateContent', headers: { 'x-goog-api-key': KEYS, 'content-type': 'application/json' }, body: '{"contents":[{"parts":[{"text":"hi"}]}]}', connections: 32 }
    : { path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEYS}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-2.5-flash-events-400-pace-1', stream: true, messages: [{ role: 'user', content: 'Count' }] }), connections: 16 };

const upstream = await startNodeServer(root, ['--import', 'tsx', 'bench/bench-upstream.ts'], {});
const port = await findFreePort();
const inspectorPort = await findFreePort();
const dir = mkdtempSync(join(tmpdir(), 'profile-'));
const env = { GEMINI_BASE_URL: upstream.url, UPSTREAM: upstream.url };
let child;
if (runtime === 'workerd') {
  copyFileSync(entry, join(dir, 'worker.js'));
  writeFileSync(join(dir, 'config.capnp'), workerdConfig({ compatibilityDate: '2025-09-01', compatibilityFlags: ['enable_request_signal'], bindings: env }, port));
  child = spawn(workerdBinary(root), ['serve', join(dir, 'config.capnp'), `--inspector-addr=127.0.0.1:${inspectorPort}`], { cwd: dir, stdio: 'ignore' });
} else {
  const deno = join(root, 'node_modules/.bin/deno');
  child = spawn(deno, ['run', '--allow-net', '--allow-env', `--inspect=127.0.0.1:${inspectorPort}`, entry], { cwd: root, stdio: 'ignore', env: { ...process.env, ...env, PORT: String(port), NO_COLOR: '1' } });
}
try {
  const url = `http://127.0.0.1:${port}${load.path}`;
  const inspector = await connectInspector(inspectorPort);
  await autocannon({ url, method: 'POST', headers: load.headers, body: load.body, connections: 8, duration: 1 });
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.send('Profiler.start');
  const result = await autocannon({ url, method: 'POST', headers: load.headers, body: load.body, connections: load.connections, duration: 4 });
  const { profile } = (await inspector.send('Profiler.stop')) as { profile: CpuProfile };
  inspector.close();
  const path = join(dir, `${runtime}-${route}.cpuprofile`);
  writeFileSync(path, JSON.stringify(profile));
  console.log(`${result.requests.total} requests (${result.non2xx} not 2xx); profile: ${path}\n${selfTimes(profile)}`);
} finally {
  child.kill();
  await upstream.stop();
}

async function connectInspector(port: number): Promise<{ send(method: string, params?: object): Promise<unknown>; close(): void }> {
  let targets: { webSocketDebuggerUrl: string }[] = [];
  for (let tries = 0; targets.length === 0; tries++) {
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    } catch (error) {
      if (tries > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (message) => {
    const { id, result } = JSON.parse(String(message.data)) as { id?: number; result?: unknown };
    if (id !== undefined) waiting.get(id)?.(result);
  };
  let nextId = 0;
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        waiting.set(++nextId, resolve);
        socket.send(JSON.stringify({ id: nextId, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** The 30 functions with the most self time, as shares of the busy time. */
function selfTimes(profile: CpuProfile): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const time = profile.timeDeltas[index] ?? 0;
    busy += time;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  });
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .map(([name, time]) => `${((100 * time) / busy).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
}
