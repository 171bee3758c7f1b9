// What the kernel says a process used: CPU from /proc/<pid>/stat (user + system, all threads and
// child processes), memory from /proc/<pid>/status.
import { readFileSync } from 'node:fs';

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** User plus system CPU time of a process and its children, in milliseconds. */
export function cpuMs(pid: number): number {
  return processTreeOf(pid).reduce((sum, child) => {
    const fields = readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  }, 0);
}

/** The process and its children (the node process under a wrapper, if any). */
export function processTreeOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTreeOf)];
}

/** The process that does the work: the deepest one under a wrapper (npm, tsx). */
export function leafProcessOf(pid: number): number {
  const tree = processTreeOf(pid);
  return tree[tree.length - 1]!;
}

export function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
}

/** CPU a process spends per second while nothing is asked of it (timers, the runtime's own housekeeping). */
export async function idleCpuMsPerSecond(pid: number, seconds = 1): Promise<number> {
  const before = cpuMs(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((cpuMs(pid) - before) * 1000) / (performance.now() - started);
}
