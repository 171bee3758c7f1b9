/**
 * Starts a server the way a user does — `npm start`, or `npm run start:workers` and the other platform
 * scripts — as a child process on a free port, and keeps everything it prints so that tests can read its logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface LocalServer {
  readonly url: string;
  /** Everything the server printed so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What each runtime prints once it accepts connections: Node and Deno "listening on", wrangler "Ready on". */
const READY = /(?:listening|ready) on http:\/\/[\w.[\]:-]+?:(\d+)/i;

/** `src/node_index.ts`, what `npm start` runs, started directly so that it can take port 0. */
export function startLocalServer(env: Record<string, string>): Promise<LocalServer> {
  return startServerProcess(process.execPath, ['--import', 'tsx', 'src/node_index.ts'], { ...env, PORT: '0' });
}

/** `npm run <script>` with PORT set to a free port. */
export async function startNpmScript(script: string, env: Record<string, string>): Promise<LocalServer> {
  return startServerProcess('npm', ['run', '--silent', script], { ...env, PORT: String(await findFreePort()) });
}

export interface ServerProcess extends LocalServer {
  readonly pid: number;
}

export async function startServerProcess(command: string, args: string[], env: Record<string, string>): Promise<ServerProcess> {
  // Its own process group, so that stopping it also stops what npm and wrangler start beneath it.
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    let listening = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const port = listening ? undefined : READY.exec(output)?.[1];
      if (port) {
        listening = true;
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before listening:\n${output}`)));
  });
  return { url, pid: child.pid ?? 0, output: () => output, stop: () => stopProcessGroup(child) };
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  return exited;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
