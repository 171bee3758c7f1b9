import { bytesToBase64 } from '../../base64.ts';
import { invalidRequest } from '../../errors.ts';
import { resolveChatModel } from '../../gemini/resolve-model.ts';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig } from '../../gemini/types.ts';
import { formFiles, formText, mimeTypeOf } from './read-form-body.ts';
import { wavDurationSeconds } from './wav.ts';

export type TranscriptionTask = 'transcribe' | 'translate';
export type TranscriptionFormat = 'json' | 'text' | 'verbose_json' | 'srt' | 'vtt';
const FORMATS = new Set<string>(['json', 'text', 'verbose_json', 'srt', 'vtt']);
/** Upload types Gemini reads that the name alone does not tell (gemini/media.ts knows the common ones). */
const AUDIO_TYPES: Record<string, string> = { m4a: 'audio/mp4', mpga: 'audio/mp3', mpeg: 'audio/mp3', webm: 'audio/webm', aiff: 'audio/aiff' };
/** Other names uploads give the types Gemini lists. */
const AUDIO_ALIASES: Record<string, string> = { 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/vnd.wave': 'audio/wav', 'audio/mpeg': 'audio/mp3', 'audio/x-flac': 'audio/flac', 'audio/x-m4a': 'audio/mp4', 'audio/x-aiff': 'audio/aiff' };

export interface ConvertedTranscriptionRequest {
  readonly model: string;
  readonly task: TranscriptionTask;
  readonly format: TranscriptionFormat;
  /** Known for WAV uploads; otherwise the end of the last segment Gemini reports. */
  readonly durationSeconds: number | undefined;
  readonly body: GeminiGenerateContentRequest;
}

/** The answer Gemini is asked for when timings are wanted (verbose_json, srt, vtt). */
export const SEGMENTS_SCHEMA = {
  type: 'object',
  properties: {
    language: { type: 'string', description: 'The spoken language, as its English name in lower case (english, german, …).' },
    segments: {
      type: 'array',
      items: {
        type: 'object',
        properties: { start: { type: 'number' }, end: { type: 'number' }, text: { type: 'string' } },
        required: ['start', 'end', 'text'],
      },
    },
  },
  required: ['language', 'segments'],
};

/**
 * `POST /v1/audio/transcriptions` and `/translations` (multipart: `file`, `model`, `prompt`, `language`,
 * `response_format`, `temperature`) as a Gemini request: the audio inline, and an instruction to
 * transcribe it (or put it into English). Whisper's names go to DEFAULT_MODEL.
 */
export async function convertTranscriptionRequest(form: FormData, task: TranscriptionTask, defaultModel: string): Promise<ConvertedTranscriptionRequest> {
  const [file] = formFiles(form, 'file');
  if (!file) throw invalidRequest('file is missing: send the audio as a file field named file.', 'file');
  if (formText(form, 'stream') === 'true') throw invalidRequest('Streamed transcription (stream: true) is not supported; send the request without stream.', 'stream');
  const { model } = resolveChatModel(formText(form, 'model'), defaultModel);
  const format = transcriptionFormat(formText(form, 'response_format'));
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mimeType = mimeTypeOf(file, AUDIO_TYPES[extension] ?? 'audio/wav');
  const audio = { mimeType: AUDIO_ALIASES[mimeType] ?? mimeType, data: bytesToBase64(bytes) };
  const segmented = format !== 'json' && format !== 'text';
  const instruction = [
    task === 'translate'
      ? 'Translate the speech in this audio into English. Answer with the English translation only.'
      : 'Transcribe the speech in this audio exactly as spoken, in the language spoken. Answer with the transcript only.',
    segmented
      ? 'Split it into segments of about a sentence, each with its start and end in seconds from the beginning of the audio.'
      : 'Add no title, notes or timestamps.',
    languageHint(task === 'transcribe' ? formText(form, 'language') : undefined),
    promptHint(formText(form, 'prompt')),
  ].filter(Boolean).join(' ');

  const generationConfig: GeminiGenerationConfig = {};
  const temperature = formText(form, 'temperature');
  if (temperature !== undefined && temperature.trim() !== '') {
    const value = Number(temperature);
    if (!Number.isFinite(value)) throw invalidRequest('temperature must be a number.', 'temperature');
    generationConfig.temperature = value;
  }
  if (segmented) Object.assign(generationConfig, { responseMimeType: 'application/json', responseJsonSchema: SEGMENTS_SCHEMA });
  const body: GeminiGenerateContentRequest = { contents: [{ role: 'user', parts: [{ inlineData: audio }, { text: instruction }] }] };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return { model, task, format, durationSeconds: wavDurationSeconds(bytes), body };
}

function transcriptionFormat(format: string | undefined): TranscriptionFormat {
  if (format === undefined || format === '') return 'json';
  if (FORMATS.has(format)) return format as TranscriptionFormat;
  throw invalidRequest(`response_format must be one of ${[...FORMATS].join(', ')}.`, 'response_format');
}

function languageHint(language: string | undefined): string {
  return language?.trim() ? `The speech is in the language with the ISO-639-1 code ${JSON.stringify(language.trim().slice(0, 20))}.` : '';
}

function promptHint(prompt: string | undefined): string {
  return prompt?.trim() ? `Follow the spelling and style of this text, which may also be what came before the audio: ${prompt.trim()}` : '';
}
