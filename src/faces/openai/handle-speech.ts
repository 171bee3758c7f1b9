import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertSpeechRequest } from './convert-speech-request.ts';
import { convertSpeechResponse } from './convert-speech-response.ts';
import { geminiClientFor } from './request-keys.ts';

/** `POST /v1/audio/speech`: a Gemini TTS generateContent; the audio file is the answer. */
export async function handleSpeech(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const speech = convertSpeechRequest(await readJsonBody(request, context.config.maxRequestBodyBytes), context.config.defaultTtsModel);
  const response = await gemini.json<GeminiGenerateContentResponse>(`/v1beta/models/${speech.model}:generateContent`, '', speech.body);
  const audio = convertSpeechResponse(response, speech.format);
  return new Response(audio.bytes, { headers: { 'content-type': audio.contentType } });
}
