// Runs a Worker inside a bare workerd — the binary wrangler installs — as `npm run bench` measures it:
// one process per Worker, so that the kernel's accounting of each process is the CPU of that Worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../test/support/local-server.ts';

export interface WorkerdProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface WorkerdOptions {
  /** The Worker's module, copied beside the config. */
  readonly modulePath: string;
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  /** Text bindings, the Worker's `env`. */
  readonly bindings: Record<string, string>;
  /** A directory of its own for the config and the module. */
  readonly dir: string;
}

export function workerdBinary(root: string): string {
  const candidates = ['node_modules/workerd/bin/workerd', 'node_modules/@cloudflare/workerd-linux-64/bin/workerd'].map((path) => join(root, path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no workerd binary (looked for ${candidates.join(', ')}); run npm ci`);
  return found;
}

/** The capnp config: one Worker on 127.0.0.1, its outbound network limited to the loopback address. */
export function workerdConfig(options: Omit<WorkerdOptions, 'modulePath' | 'dir'>, port: number): string {
  const bindings = Object.entries(options.bindings).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "worker.js", esModule = embed "worker.js")],
      compatibilityDate = ${JSON.stringify(options.compatibilityDate)},
      compatibilityFlags = [${options.compatibilityFlags.map((flag) => JSON.stringify(flag)).join(', ')}],
      bindings = [${bindings.join(', ')}],
      globalOutbound = "loopback",
    )),
    (name = "loopback", network = (allow = ["127.0.0.1/32"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`;
}

export async function startWorkerd(binary: string, options: WorkerdOptions): Promise<WorkerdProcess> {
  const port = await findFreePort();
  copyFileSync(options.modulePath, join(options.dir, 'worker.js'));
  const configPath = join(options.dir, 'config.capnp');
  writeFileSync(configPath, workerdConfig(options, port));
  // Its log lines (one per request) go to a file: a pipe the bench is too busy to drain would hold workerd up.
  const logPath = join(options.dir, 'workerd.log');
  const log = openSync(logPath, 'w');
  const child = spawn(binary, ['serve', configPath], { cwd: options.dir, stdio: ['ignore', log, log] });
  const output = () => readFileSync(logPath, 'utf8').slice(0, 10_000);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}:\n${output()}`);
    try {
      await (await fetch(`${url}/bench-ready`)).arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`workerd did not answer on ${url}:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, pid: child.pid ?? 0, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
