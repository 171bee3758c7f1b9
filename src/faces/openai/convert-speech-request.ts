import { invalidRequest } from '../../errors.ts';
import type { GeminiGenerateContentRequest, GeminiPart } from '../../gemini/types.ts';
import { isJsonObject } from '../../json-value.ts';
import { resolveSpeechModel } from './resolve-media-model.ts';

/** Gemini's prebuilt TTS voices. */
export const GEMINI_VOICES = [
  'Zephyr', 'Puck', 'Charon', 'Kore', 'Fenrir', 'Leda', 'Orus', 'Aoede', 'Callirrhoe', 'Autonoe',
  'Enceladus', 'Iapetus', 'Umbriel', 'Algieba', 'Despina', 'Erinome', 'Algenib', 'Rasalgethi', 'Laomedeia', 'Achernar',
  'Alnilam', 'Schedar', 'Gacrux', 'Pulcherrima', 'Achird', 'Zubenelgenubi', 'Vindemiatrix', 'Sadachbia', 'Sadaltager', 'Sulafat',
];

/** OpenAI's voices and the Gemini voice of the nearest character (Gemini's own words for them in the comments). */
export const OPENAI_VOICES: Readonly<Record<string, string>> = {
  alloy: 'Zephyr', // bright
  ash: 'Orus', // firm
  ballad: 'Algieba', // smooth
  coral: 'Sulafat', // warm
  echo: 'Charon', // informative
  fable: 'Puck', // upbeat
  onyx: 'Algenib', // gravelly
  nova: 'Kore', // firm
  sage: 'Sadaltager', // knowledgeable
  shimmer: 'Achernar', // soft
  verse: 'Aoede', // breezy
  marin: 'Despina', // smooth
  cedar: 'Iapetus', // clear
};

export const DEFAULT_VOICE = 'Kore';
export type SpeechFormat = 'wav' | 'pcm';
const REFUSED_FORMATS = new Set(['mp3', 'opus', 'aac', 'flac']);

export interface ConvertedSpeechRequest {
  readonly model: string;
  readonly format: SpeechFormat;
  readonly body: GeminiGenerateContentRequest;
}

/**
 * `POST /v1/audio/speech` as a Gemini TTS generateContent request. `instructions` and a `speed` other
 * than 1 become the style the text is read in: Gemini has no speed setting, only what it is told.
 */
export function convertSpeechRequest(body: unknown, defaultModel: string): ConvertedSpeechRequest {
  if (!isJsonObject(body)) throw invalidRequest('The request body must be a JSON object with "model", "input" and "voice".');
  const model = resolveSpeechModel(body.model, defaultModel);
  if (typeof body.input !== 'string' || !body.input.trim()) throw invalidRequest('input is missing: send the text to speak.', 'input');
  if (body.stream_format !== undefined && body.stream_format !== null && body.stream_format !== 'audio') {
    throw invalidRequest('stream_format "sse" is not supported; leave it out to get the audio file.', 'stream_format');
  }
  const style = [instructionsOf(body.instructions), speedHint(body.speed)].filter(Boolean).join(' ');
  const part: GeminiPart = { text: body.input };
  if (style && usesStyleInText(model)) part.text = `Say the following in this style: ${style}\n\n${body.input}`;
  else if (style) part.speechMetadata = { style };
  return {
    model,
    format: speechFormat(body.response_format),
    body: {
      contents: [{ role: 'user', parts: [part] }],
      generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: geminiVoice(body.voice) } } } },
    },
  };
}

/** An OpenAI voice as its Gemini counterpart; a Gemini voice name (any case) as itself. */
export function geminiVoice(voice: unknown): string {
  if (voice === undefined || voice === null || voice === '') return DEFAULT_VOICE;
  const name = typeof voice === 'string' ? voice.trim().toLowerCase() : undefined;
  const found = name === undefined ? undefined : (OPENAI_VOICES[name] ?? GEMINI_VOICES.find((gemini) => gemini.toLowerCase() === name));
  if (found) return found;
  throw invalidRequest(
    `voice ${JSON.stringify(voice).slice(0, 60)} is not one this proxy knows. Use an OpenAI voice (${Object.keys(OPENAI_VOICES).join(', ')}) or a Gemini voice (${GEMINI_VOICES.join(', ')}).`,
    'voice',
  );
}

/** Gemini TTS models before 3.8 read style from the text itself; later ones take it apart, in speechMetadata. */
function usesStyleInText(model: string): boolean {
  const [, major = '0', minor = '0'] = /^gemini-(\d+)(?:\.(\d+))?/.exec(model) ?? [];
  return Number(major) * 100 + Number(minor) < 308;
}

function instructionsOf(instructions: unknown): string {
  if (instructions === undefined || instructions === null) return '';
  if (typeof instructions === 'string') return instructions.trim();
  throw invalidRequest('instructions must be a string.', 'instructions');
}

function speedHint(speed: unknown): string {
  if (speed === undefined || speed === null || speed === 1) return '';
  if (typeof speed !== 'number' || !(speed >= 0.25 && speed <= 4)) throw invalidRequest('speed must be a number from 0.25 to 4.', 'speed');
  return `Speak at ${speed} times the normal pace.`;
}

function speechFormat(format: unknown): SpeechFormat {
  if (format === undefined || format === null || format === 'wav') return 'wav';
  if (format === 'pcm') return 'pcm';
  const refused = typeof format === 'string' && REFUSED_FORMATS.has(format);
  throw invalidRequest(
    `${refused ? `response_format "${format}" is not offered` : 'response_format is not one this proxy knows'}: Gemini speaks 24 kHz 16-bit PCM, answered as "wav" (the default here) or "pcm".`,
    'response_format',
  );
}
