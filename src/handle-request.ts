import { createHandler } from './create-handler.ts';
import { WEB_STANDARD_SERVICES } from './services.ts';

/** The proxy with the web-standard services every edge runtime has: what the edge entries call. */
export const handleRequest = createHandler(WEB_STANDARD_SERVICES);
