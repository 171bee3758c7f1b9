/**
 * Configuration is read once, in src/config.ts: no handler reads the environment, so every variable
 * is parsed and checked in one place. The platform entries hand the environment over, nothing more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ENTRIES = new Set(['index.ts', 'deno_index.ts', 'node_index.ts']);
/** Reading a variable: `process.env`, `Deno.env`, `Netlify.env`, or a member of the raw `env` object. */
const READS_ENVIRONMENT = /process\.env|Deno\.env|Netlify\.env|\benv\.[A-Z_]+|\benv\[/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('environment variables', () => {
  it('are read only by src/config.ts and the platform entries', () => {
    const readers = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((path) => path !== 'config.ts' && !ENTRIES.has(path))
      .filter((path) => READS_ENVIRONMENT.test(readFileSync(join(SRC, path), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('the check itself finds a read', () => {
    expect(READS_ENVIRONMENT.test('const model = env.DEFAULT_MODEL;')).toBe(true);
    expect(READS_ENVIRONMENT.test('process.env.PORT')).toBe(true);
    expect(READS_ENVIRONMENT.test('readConfig(env)')).toBe(false);
  });
});
