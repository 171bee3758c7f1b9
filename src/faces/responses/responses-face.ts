import type { Face } from '../face.ts';
import { renderOpenAIError } from '../openai/openai-error.ts';
import { handleResponses, refuseStoredResponse } from './handle-responses.ts';

/** OpenAI's Responses API, translated to Gemini, keeping no state; errors in OpenAI's shape. */
export const responsesFace: Face = {
  name: 'responses',
  summary: 'OpenAI Responses at /v1/responses (key as Authorization: Bearer)',
  routes: [
    { path: /^\/(v1\/)?responses\/?$/, methods: ['POST'], handle: handleResponses },
    { path: /^\/(v1\/)?responses\/(?!input_tokens\/?$|compact\/?$)[^/]+(\/input_items|\/cancel)?\/?$/, methods: ['GET', 'DELETE', 'POST'], handle: refuseStoredResponse },
  ],
  renderError: renderOpenAIError,
};
