import { describe, expect, it } from 'vitest';
import type { Load } from './report.ts';
import { lowest } from './rounds.ts';

const load = (cpuMsPerRequest: number, rps: number): Load => ({ rps, p50: 1, p99: 2, requests: 100, cpuMsPerRequest });

describe('lowest', () => {
  it('keeps, for every load, the round in which it cost least, and the lower of every time', () => {
    const first = { workerd: { bare: load(0.2, 10), proxy: load(0.5, 4) }, latency: { pipe: 0.8, proxy: 1.1 } };
    const second = { workerd: { bare: load(0.3, 12), proxy: load(0.4, 5) }, latency: { pipe: 0.9, proxy: 1.0 } };
    expect(lowest(first, second)).toEqual({ workerd: { bare: load(0.2, 10), proxy: load(0.4, 5) }, latency: { pipe: 0.8, proxy: 1.0 } });
  });
});
