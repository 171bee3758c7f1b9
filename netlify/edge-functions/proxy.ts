// Netlify Edge Functions entry (Deno): netlify.toml and `config` route every path here.
import { handleRequest } from '../../src/handle-request.ts';

interface NetlifyRuntime {
  env: { toObject(): Record<string, string> };
}
const { Netlify } = globalThis as unknown as { Netlify: NetlifyRuntime };

export default function proxy(request: Request): Promise<Response> {
  return handleRequest(request, Netlify.env.toObject());
}

export const config = { path: '/*' };
