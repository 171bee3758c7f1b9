import { afterAll, beforeAll } from 'vitest';
import { startFakeGemini, type FakeGemini } from './fake-gemini.ts';
import { startLocalServer, type LocalServer } from './local-server.ts';

/** A fake Gemini upstream and the local server pointed at it, for the tests of one file. */
export function useProxyAgainstFake(env: Record<string, string> = {}): { readonly fake: FakeGemini; readonly server: LocalServer } {
  const setup = {} as { fake: FakeGemini; server: LocalServer };
  beforeAll(async () => {
    setup.fake = await startFakeGemini();
    setup.server = await startLocalServer({ GEMINI_BASE_URL: setup.fake.url, ...env });
  });
  afterAll(async () => {
    await setup.server?.stop();
    await setup.fake?.close();
  });
  return setup;
}
