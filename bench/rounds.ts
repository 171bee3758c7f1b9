import type { Load } from './report.ts';

/**
 * Two rounds' figures as one: for every load, the round in which it cost least CPU, and the lower of
 * every time. The machine's disturbances only ever add, so the lowest is the nearest to the cost.
 */
export function lowest<T>(first: T, second: T): T {
  if (typeof first === 'number' && typeof second === 'number') return Math.min(first, second) as T;
  if (typeof first !== 'object' || first === null) return first;
  if ('cpuMsPerRequest' in first) return (first as unknown as Load).cpuMsPerRequest <= (second as unknown as Load).cpuMsPerRequest ? first : second;
  return Object.fromEntries(Object.entries(first).map(([key, value]) => [key, lowest(value, (second as Record<string, unknown>)[key])])) as T;
}
