import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/gemini-recordings/', import.meta.url);

export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** A recorded stream: one event's JSON per line. */
export function readFixtureChunks(name: string): string[] {
  return readFixture(name).split('\n').filter((line) => line.trim() !== '');
}
