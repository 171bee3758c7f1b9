/**
 * The deploy configurations, checked offline: what each platform builds and routes, without deploying.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES } from '../src/config.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// Raised from 24 by 5 for the Responses face (about 4.5 KiB gzipped), by 5 for the Anthropic face (about 4.2 KiB),
// by 1 for the landing page's Cherry Studio note on `;` between keys (about 0.2 KiB, which crossed 34),
// by 8 for images, speech and transcription on the OpenAI face (about 7.2 KiB),
// by 3 for files, interactions, caches and batches kept with their key on the native face (about 2.8 KiB),
// by 1 for the hardening, kept-alive answers and blank-answer retries of the core (about 1.5 KiB over the others),
// and by 1 for tool names fitted to Gemini's rules and given back (about 0.6 KiB).
const WORKER_GZIP_BUDGET_KIB = 48;

describe('Cloudflare Workers', () => {
  it(`builds the Worker with wrangler deploy --dry-run, within ${WORKER_GZIP_BUDGET_KIB} KiB gzipped`, async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'worker-bundle-'));
    const { stdout } = await run(bin('wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    });
    const gzipKib = Number(/gzip: ([\d.]+) KiB/.exec(stdout)?.[1]);
    expect(gzipKib).toBeGreaterThan(1);
    expect(gzipKib).toBeLessThanOrEqual(WORKER_GZIP_BUDGET_KIB);
    expect(existsSync(join(outdir, 'index.js'))).toBe(true);
  }, 120_000);

  it('runs src/index.ts placed away from regions Gemini refuses', () => {
    const config = parseToml(read('wrangler.toml')) as { main: string; placement?: { region?: string } };
    expect(config.main).toBe('src/index.ts');
    expect(config.placement?.region).toMatch(/^(gcp|aws|azure):/);
  });
});

describe('Deno Deploy and Netlify', () => {
  it("pass Deno's type checker", async () => {
    const { stderr } = await run(bin('deno'), ['check', 'src/deno_index.ts', 'netlify/edge-functions/proxy.ts', 'scripts/netlify-edge-dev.ts'], { cwd: root });
    expect(stderr).toContain('Check');
  }, 120_000);

  it('Netlify sends every path to the edge function', () => {
    const config = parseToml(read('netlify.toml')) as { build: { publish: string }; edge_functions: Array<{ function: string; path: string }> };
    expect(config.edge_functions).toContainEqual({ function: 'proxy', path: '/*' });
    expect(existsSync(join(root, 'netlify/edge-functions/proxy.ts'))).toBe(true);
    expect(existsSync(join(root, config.build.publish))).toBe(true);
  });
});

describe('Vercel', () => {
  it('sends every path to the function', () => {
    const config = JSON.parse(read('vercel.json')) as { rewrites: Array<{ source: string; destination: string }> };
    expect(config.rewrites).toContainEqual({ source: '/(.*)', destination: '/api/index' });
    expect(existsSync(join(root, 'api/index.ts'))).toBe(true);
  });
});

describe('documentation', () => {
  it.each(['README.md', 'README.zh-CN.md'])('%s names every environment variable', (file) => {
    const text = read(file);
    for (const name of [...ENVIRONMENT_VARIABLES, 'PORT']) expect(text).toContain(`\`${name}\``);
  });
});
