// Cloudflare Workers entry (see wrangler.toml): Workers hand the variables over as `env`.
import type { EnvVars } from './config.ts';
import { handleRequest } from './handle-request.ts';

export default {
  fetch(request: Request, env: EnvVars): Promise<Response> {
    return handleRequest(request, env);
  },
};
