import type { Face, Route } from '../face.ts';
import { handleChat } from './handle-chat.ts';
import { handleEmbeddings } from './handle-embeddings.ts';
import { handleImageEdits, handleImageGenerations } from './handle-images.ts';
import { handleSpeech } from './handle-speech.ts';
import { handleTranscriptions, handleTranslations } from './handle-transcriptions.ts';
import { handleModel, handleModels } from './handle-models.ts';
import { renderOpenAIError } from './openai-error.ts';

/**
 * `GET /v1/models` is also Gemini's own model list (`/v1` is a Gemini API version): it is the OpenAI
 * route only when the key comes as `Authorization: Bearer` — the way OpenAI clients send it — with no
 * `x-goog-api-key` header and no `key` parameter, which only Gemini clients send.
 */
function isOpenAIModelsRequest(request: Request, url: URL): boolean {
  const headers = request.headers;
  return request.method === 'GET' && /^bearer\s/i.test(headers.get('authorization') ?? '') && !headers.has('x-goog-api-key') && !url.searchParams.has('key');
}

const routes: Route[] = [
  { path: /^\/(v1\/chat\/completions|chat\/completions|chat)\/?$/, methods: ['POST'], handle: handleChat },
  { path: /^\/(v1\/)?embeddings\/?$/, methods: ['POST'], handle: handleEmbeddings },
  { path: /^\/(v1\/)?images\/generations\/?$/, methods: ['POST'], handle: handleImageGenerations },
  { path: /^\/(v1\/)?images\/edits\/?$/, methods: ['POST'], handle: handleImageEdits },
  { path: /^\/(v1\/)?audio\/speech\/?$/, methods: ['POST'], handle: handleSpeech },
  { path: /^\/(v1\/)?audio\/transcriptions\/?$/, methods: ['POST'], handle: handleTranscriptions },
  { path: /^\/(v1\/)?audio\/translations\/?$/, methods: ['POST'], handle: handleTranslations },
  { path: /^\/models\/?$/, methods: ['GET'], handle: handleModels },
  { path: /^\/models\/[^/:]+\/?$/, methods: ['GET'], handle: handleModel },
  { path: /^\/v1\/models\/?$/, methods: ['GET'], accepts: isOpenAIModelsRequest, handle: handleModels },
  { path: /^\/v1\/models\/[^/:]+\/?$/, methods: ['GET'], accepts: isOpenAIModelsRequest, handle: handleModel },
];

/** OpenAI's Chat Completions API, embeddings, models, images and audio, translated to Gemini. */
export const openAIFace: Face = {
  name: 'openai',
  summary:
    'OpenAI chat completions at /v1/chat/completions, embeddings at /v1/embeddings, models at /v1/models, images at /v1/images/generations and /v1/images/edits, speech and transcription at /v1/audio/speech, /v1/audio/transcriptions and /v1/audio/translations (key as Authorization: Bearer)',
  routes,
  renderError: renderOpenAIError,
};
