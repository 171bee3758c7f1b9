import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertTranscriptionRequest, type TranscriptionTask } from './convert-transcription-request.ts';
import { convertTranscriptionResponse } from './convert-transcription-response.ts';
import { readFormBody } from './read-form-body.ts';
import { geminiClientFor } from './request-keys.ts';

/** `POST /v1/audio/transcriptions`: a Gemini model hears the audio and writes it down. */
export function handleTranscriptions(request: Request, context: RequestContext): Promise<Response> {
  return transcribe(request, context, 'transcribe');
}

/** `POST /v1/audio/translations`: the same, in English. */
export function handleTranslations(request: Request, context: RequestContext): Promise<Response> {
  return transcribe(request, context, 'translate');
}

async function transcribe(request: Request, context: RequestContext, task: TranscriptionTask): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const form = await readFormBody(request, context.config.maxRequestBodyBytes);
  const transcription = await convertTranscriptionRequest(form, task, context.config.defaultModel);
  const response = await gemini.json<GeminiGenerateContentResponse>(`/v1beta/models/${transcription.model}:generateContent`, '', transcription.body);
  return convertTranscriptionResponse(response, transcription);
}
