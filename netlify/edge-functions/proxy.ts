// Netlify Edge Functions entry (Deno): netlify.toml and `config` route every path here.
import { createHandler } from '../../src/create-handler.ts';
import { WEB_STANDARD_SERVICES } from '../../src/services.ts';

interface NetlifyRuntime {
  env: { toObject(): Record<string, string> };
}

// Netlify ends an edge function whose answer has not begun within 40 s. Its runtime is Deno, whose
// fetch bodies honour a read's `min` to their end: Gemini's events are read whole.
const handleRequest = createHandler({ ...WEB_STANDARD_SERVICES, firstByteLimitMs: 40_000, readsWholeEvents: true });

// Read once per instance, at the first request: toObject() makes a new object each call, which the
// configuration cache could not reuse.
let env: Record<string, string> | undefined;

export default function proxy(request: Request): Promise<Response> {
  env ??= (globalThis as unknown as { Netlify: NetlifyRuntime }).Netlify.env.toObject();
  return handleRequest(request, env);
}

export const config = { path: '/*' };
