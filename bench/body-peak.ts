// Resident memory at rest and peak while one 20 MB body passes, for a Node server started like the bench starts it.
//   npx tsx bench/body-peak.ts [server args…]   (default: scripts/start-node.mjs)
import { Agent, request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoryOf } from './process-stats.ts';
import { startNodeServer } from './servers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.length > 2 ? process.argv.slice(2) : ['scripts/start-node.mjs'];
const key = 'AIzaSyBenchKey000000000000000000000001';
const path = '/v1beta/models/gemini-2.5-flash:generateContent';
const upstream = await startNodeServer(root, ['--import', 'tsx', 'bench/bench-upstream.ts'], {});
const send = (url: string, body: string) =>
  new Promise<void>((resolve, reject) => {
    const req = request(url + path, { method: 'POST', headers: { 'x-goog-api-key': key, 'content-type': 'application/json' }, agent: new Agent() }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
try {
  for (let round = 0; round < 3; round++) {
    const server = await startNodeServer(root, args, { GEMINI_BASE_URL: upstream.url, UPSTREAM: upstream.url });
    await send(server.url, '{"contents":[]}');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rest = memoryOf(server.pid, 'VmRSS');
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const bytes = 20 * 1024 * 1024;
    await send(server.url, JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a'.repeat(bytes - 200) }] }] }));
    const peak = memoryOf(server.pid, 'VmHWM');
    console.log(`rest ${(rest / 1048576).toFixed(1)} MiB, peak above rest ${((peak - rest) / 1048576).toFixed(1)} MiB = ${((peak - rest) / bytes).toFixed(2)}× the body`);
    await server.stop();
  }
} finally {
  await upstream.stop();
}
