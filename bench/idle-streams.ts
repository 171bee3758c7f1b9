// Resident memory each stream held open after its first event adds to a Node server, as `npm run bench` measures it.
//   npx tsx bench/idle-streams.ts [server script …]   (default: scripts/start-node.mjs)
import { Agent, request, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { memoryOf } from './process-stats.ts';
import { startNodeServer } from './servers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = process.argv.length > 2 ? process.argv.slice(2) : ['scripts/start-node.mjs'];
const STREAMS = 200;
const upstream = await startNodeServer(root, ['--import', 'tsx', 'bench/bench-upstream.ts'], {});
const open = (url: string, count: number) => {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ClientRequest>((resolve, reject) => {
          const req = request(url, { method: 'POST', headers: { 'x-goog-api-key': 'AIzaSyBenchKey000000000000000000000001', 'content-type': 'application/json' }, agent }, (res) => res.once('data', () => resolve(req)));
          req.on('error', reject);
          req.end('{"contents":[]}');
        }),
    ),
  );
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
try {
  for (let round = 0; round < 3; round++) {
    for (const script of scripts) {
      const server = await startNodeServer(root, [script], { GEMINI_BASE_URL: upstream.url, UPSTREAM: upstream.url });
      const url = `${server.url}/v1beta/models/gemini-2.5-flash-events-2-pace-60000:streamGenerateContent?alt=sse`;
      for (const req of await open(url, 20)) req.destroy();
      await settle();
      const before = memoryOf(server.pid, 'VmRSS');
      const streams = await open(url, STREAMS);
      await settle();
      const after = memoryOf(server.pid, 'VmRSS');
      for (const req of streams) req.destroy();
      console.log(`${script}: ${((after - before) / STREAMS / 1024).toFixed(1)} KiB per idle stream`);
      await server.stop();
    }
  }
} finally {
  await upstream.stop();
}
