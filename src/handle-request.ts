import { createHandler } from './create-handler.ts';
import { WEB_STANDARD_SERVICES } from './services.ts';

/**
 * The proxy with the web-standard services, as the Cloudflare Workers entry calls it. workerd's fetch
 * bodies honour a read's `min` to their end (Gemini's events are read whole), and it passes a tee's
 * branch on without JavaScript.
 */
export const handleRequest = createHandler({ ...WEB_STANDARD_SERVICES, readsWholeEvents: true, teesNatively: true });
