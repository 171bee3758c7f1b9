import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertSpeechRequest } from './convert-speech-request.ts';
import { convertSpeechResponse } from './convert-speech-response.ts';
import { convertSpeechStream } from './convert-speech-stream.ts';
import { geminiClientFor } from './request-keys.ts';

/**
 * `POST /v1/audio/speech`: a Gemini TTS generation; the audio file is the answer. `pcm` streams as
 * Gemini speaks; so does `wav` where the platform must begin an answer in time (its header then
 * cannot know the length). Elsewhere a WAV comes whole, its header sized to its samples.
 */
export async function handleSpeech(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const speech = convertSpeechRequest(await readJsonBody(request, context.config.maxRequestBodyBytes), context.config.defaultTtsModel);
  const contentType = speech.format === 'pcm' ? 'audio/pcm' : 'audio/wav';
  if (speech.format === 'pcm' || context.keepAliveAfterMs > 0) {
    const response = await gemini.sendOk(`/v1beta/models/${speech.model}:streamGenerateContent`, '?alt=sse', speech.body);
    const upstream = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    return new Response(convertSpeechStream(upstream, speech.format, gemini.keys), { headers: { 'content-type': contentType } });
  }
  const response = await gemini.json<GeminiGenerateContentResponse>(`/v1beta/models/${speech.model}:generateContent`, '', speech.body);
  return new Response(convertSpeechResponse(response, speech.format).bytes, { headers: { 'content-type': contentType } });
}
