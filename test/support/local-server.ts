/**
 * Starts `src/node_index.ts` — what `npm start` runs — as a child process on a free port, and keeps
 * everything it prints, so that tests can drive it like a user and read its logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LocalServer {
  readonly url: string;
  /** Everything the server printed so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /listening on (http:\/\/\S+)/;

export async function startLocalServer(env: Record<string, string>): Promise<LocalServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node_index.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`local server exited with ${code} before listening:\n${output}`)));
  });
  return { url, output: () => output, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
