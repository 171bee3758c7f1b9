import { geminiClientOf, type GeminiClient } from '../../gemini/gemini-client.ts';
import type { KeyRefusal } from '../../keys/request-keys.ts';
import type { RequestContext } from '../../request-context.ts';

const MISSING_KEY: KeyRefusal = {
  status: 401,
  message:
    'No API key was sent. Set your Gemini API key (or several, comma-separated) as the API key of your Anthropic client: ANTHROPIC_API_KEY (sent as x-api-key) or ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer).',
};

/** The Gemini API with the keys of an Anthropic request (`x-api-key` or Bearer: its list, or the pool behind an access token). */
export function geminiClientFor(request: Request, context: RequestContext): GeminiClient {
  return geminiClientOf(request, context, MISSING_KEY);
}
