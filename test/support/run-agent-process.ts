/**
 * Runs an agent CLI (Claude Code, Codex) the way the tests need it: in its own process group, so that
 * a time-out or the end of the run also ends the shells and commands its tools started; with no
 * standard input (both would wait for more prompt on an open pipe); output collected whole.
 */
import { spawn } from 'node:child_process';

export interface AgentRun {
  /** null when the run was killed for taking longer than its time-out. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const KILL_GRACE_MS = 2000;

export function runAgentProcess(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; label: string }): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stderr += `\n[${options.label}] timed out after ${options.timeoutMs} ms; killing the process group\n`;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      // Whatever the agent left running in its group (a background shell) goes too.
      killGroup('SIGKILL');
      resolve({ exitCode: timedOut ? null : code, stdout, stderr });
    });
  });
}
