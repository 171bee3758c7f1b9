// Vercel entry, on the Edge runtime; vercel.json sends every path here.
import { createHandler } from '../src/create-handler.ts';
import { WEB_STANDARD_SERVICES } from '../src/services.ts';

// Gemini refuses some regions (Hong Kong among them); Edge functions otherwise run nearest the caller.
export const config = { runtime: 'edge', regions: ['iad1'] };

// Vercel's Edge runtime ends a request whose answer has not begun within 25 s.
const handleRequest = createHandler({ ...WEB_STANDARD_SERVICES, firstByteLimitMs: 25_000 });

export default function handler(request: Request): Promise<Response> {
  return handleRequest(request, process.env);
}
