import { answerWhenReady, startGeneration } from '../../gemini/generate-answer.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertTranscriptionRequest, type TranscriptionTask } from './convert-transcription-request.ts';
import { convertTranscriptionResponse, isJsonTranscription } from './convert-transcription-response.ts';
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
  const { answer } = await startGeneration(gemini, context, transcription.model, transcription.body);
  const converted = answer.then((response) => convertTranscriptionResponse(response, transcription));
  // Plain text cannot take the whitespace a slow JSON answer is kept alive with: it waits for the answer.
  if (isJsonTranscription(transcription)) return answerWhenReady(context, converted);
  return new Response(String(await converted), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
