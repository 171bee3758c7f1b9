/**
 * Each platform entry only adapts its platform's calling convention and environment to handleRequest.
 * Here each is called the way its platform calls it, with its platform's way of passing variables;
 * running them in the real runtimes is the end-to-end suite's job.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../support/fake-gemini.ts';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const modelsRequest = () => new Request('https://proxy.example/v1beta/models', { headers: { 'x-goog-api-key': 'k1,k2' } });

async function expectModelsFromFake(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(((await response.json()) as { models: unknown[] }).models).toHaveLength(3);
}

describe('platform entries', () => {
  it('Cloudflare Workers: fetch(request, env)', async () => {
    const { default: worker } = await import('../../src/index.ts');
    await expectModelsFromFake(await worker.fetch(modelsRequest(), { GEMINI_BASE_URL: fake.url }));
  });

  it('Vercel Edge: handler(request) with process.env', async () => {
    vi.stubEnv('GEMINI_BASE_URL', fake.url);
    const entry = await import('../../api/index.ts');
    expect(entry.config).toEqual({ runtime: 'edge', regions: ['iad1'] });
    await expectModelsFromFake(await entry.default(modelsRequest()));
    vi.unstubAllEnvs();
  });

  it('Netlify Edge Functions: handler(request, context) with Netlify.env, on every path', async () => {
    vi.stubGlobal('Netlify', { env: { toObject: () => ({ GEMINI_BASE_URL: fake.url }) } });
    const entry = await import('../../netlify/edge-functions/proxy.ts');
    expect(entry.config.path).toBe('/*');
    await expectModelsFromFake(await entry.default(modelsRequest()));
  });

  it('Deno Deploy: Deno.serve(handler) with Deno.env and PORT', async () => {
    let served: { options: { port?: number }; handler: (request: Request) => Promise<Response> } | undefined;
    vi.stubGlobal('Deno', {
      env: { toObject: () => ({ GEMINI_BASE_URL: fake.url, PORT: '9999' }) },
      serve: (options: { port?: number }, handler: (request: Request) => Promise<Response>) => {
        served = { options, handler };
      },
    });
    await import('../../src/deno_index.ts');
    expect(served?.options).toEqual({ port: 9999 });
    await expectModelsFromFake(await served!.handler(modelsRequest()));
  });
});
