import type { Face } from '../face.ts';
import { renderGeminiError } from './gemini-error.ts';
import { proxyNativeRequest } from './proxy-native-request.ts';

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Gemini's resource collections (https://ai.google.dev/api/all-methods). Under `/v1/`, which the
 * OpenAI-compatible clients use too, only these go upstream: any other `/v1/…` path is no Gemini
 * method, and forwarding it would spend a request on a key and send the client's prompt for nothing.
 */
const GEMINI_COLLECTIONS = [
  'models',
  'tunedModels',
  'files',
  'cachedContents',
  'batches',
  'operations',
  'interactions',
  'fileSearchStores',
  'corpora',
  'generatedFiles',
  'dynamic',
  'media',
];

/** Gemini's native API, passed through: `/v1beta/…` and `/v1alpha/…` whole, `/v1/` for Gemini's collections, and uploads. */
export const geminiFace: Face = {
  name: 'gemini',
  summary: "Gemini's own API under /v1beta/ (also /v1/ and /v1alpha/) and /upload/",
  routes: [
    { path: /^\/(v1beta|v1alpha)(\/|$)|^\/upload\//, methods: ALL_METHODS, handle: proxyNativeRequest },
    { path: new RegExp(`^/v1/(${GEMINI_COLLECTIONS.join('|')})([/:]|$)`), methods: ALL_METHODS, handle: proxyNativeRequest },
  ],
  renderError: renderGeminiError,
};
