// Vercel entry, on the Edge runtime; vercel.json sends every path here.
import { handleRequest } from '../src/handle-request.ts';

export const config = { runtime: 'edge' };

export default function handler(request: Request): Promise<Response> {
  return handleRequest(request, process.env);
}
