// Netlify Edge Functions entry (Deno): netlify.toml and `config` route every path here.
import { handleRequest } from '../../src/handle-request.ts';

interface NetlifyRuntime {
  env: { toObject(): Record<string, string> };
}

// Read once per instance, at the first request: toObject() makes a new object each call, which the
// configuration cache could not reuse.
let env: Record<string, string> | undefined;

export default function proxy(request: Request): Promise<Response> {
  env ??= (globalThis as unknown as { Netlify: NetlifyRuntime }).Netlify.env.toObject();
  return handleRequest(request, env);
}

export const config = { path: '/*' };
