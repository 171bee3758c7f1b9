// Starts the Node processes of `npm run bench`. Their output goes to a file, not to a pipe the bench
// reads: a pipe the bench is too busy to drain (it drives the load) would block the server's log writes
// and measure the bench, not the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NodeServer {
  readonly url: string;
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

const READY = /listening on http:\/\/[\w.[\]:-]+?:(\d+)/i;
const logDir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
let started = 0;

export async function startNodeServer(cwd: string, args: string[], env: Record<string, string>, command = process.execPath): Promise<NodeServer> {
  const logPath = join(logDir, `server-${started++}.log`);
  const log = openSync(logPath, 'w');
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', log, log] });
  const output = () => readFileSync(logPath, 'utf8');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const port = READY.exec(output())?.[1];
    if (port) return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, output, stop: () => stop(child) };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${args.join(' ')} did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
