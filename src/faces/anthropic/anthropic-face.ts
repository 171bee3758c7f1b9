import type { Face, Route } from '../face.ts';
import { renderAnthropicError } from './anthropic-error.ts';
import { handleCountTokens, handleMessages } from './handle-messages.ts';
import { handleModel, handleModels } from './handle-models.ts';

/** `GET /v1/models` is also OpenAI's and Gemini's: it is Anthropic's when the request carries Anthropic's headers. */
function isAnthropicRequest(request: Request): boolean {
  return request.headers.has('anthropic-version') || request.headers.has('x-api-key');
}

const routes: Route[] = [
  // Claude Code adds `?beta=true`; the query changes nothing here.
  { path: /^\/v1\/messages\/?$/, methods: ['POST'], handle: handleMessages },
  { path: /^\/v1\/messages\/count_tokens\/?$/, methods: ['POST'], handle: handleCountTokens },
  { path: /^\/v1\/models\/?$/, methods: ['GET'], accepts: isAnthropicRequest, handle: handleModels },
  { path: /^\/v1\/models\/[^/:]+\/?$/, methods: ['GET'], accepts: isAnthropicRequest, handle: handleModel },
];

/** Anthropic's Messages API (Claude Code, the Anthropic SDKs), translated to Gemini. */
export const anthropicFace: Face = {
  name: 'anthropic',
  summary: 'Anthropic messages at /v1/messages (key as x-api-key or Authorization: Bearer)',
  routes,
  claims: isAnthropicRequest,
  renderError: renderAnthropicError,
};
