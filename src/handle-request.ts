import { createHandler } from './create-handler.ts';
import { WEB_STANDARD_SERVICES } from './services.ts';

/**
 * The proxy with the web-standard services, as the Cloudflare Workers and Deno entries call it. Both
 * runtimes' fetch bodies honour a read's `min` to their end, so Gemini's events are read whole.
 */
export const handleRequest = createHandler({ ...WEB_STANDARD_SERVICES, readsWholeEvents: true });
