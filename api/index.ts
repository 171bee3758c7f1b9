// Vercel entry, on the Edge runtime; vercel.json sends every path here.
import { handleRequest } from '../src/handle-request.ts';

// Gemini refuses some regions (Hong Kong among them); Edge functions otherwise run nearest the caller.
export const config = { runtime: 'edge', regions: ['iad1'] };

export default function handler(request: Request): Promise<Response> {
  return handleRequest(request, process.env);
}
