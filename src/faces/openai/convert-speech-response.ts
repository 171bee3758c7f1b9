import { base64ToBytes } from '../../base64.ts';
import { ProxyError } from '../../errors.ts';
import { blockedPromptMessage, isContentFilterReason } from '../../gemini/finish-reason.ts';
import type { GeminiGenerateContentResponse, GeminiInlineData, GeminiPart } from '../../gemini/types.ts';
import type { SpeechFormat } from './convert-speech-request.ts';
import { GEMINI_SPEECH_FORMAT, pcmFormatOf, pcmToWav, readWav, type PcmFormat } from './wav.ts';

export interface SpeechAudio {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

/**
 * The audio of a Gemini TTS answer as the file OpenAI's speech endpoint answers: raw PCM (what Gemini
 * TTS models before 3.8 send) in a WAV header, or a WAV (what later ones send) as it is, or the bare
 * samples for `pcm`.
 */
export function convertSpeechResponse(response: GeminiGenerateContentResponse, format: SpeechFormat): SpeechAudio {
  const parts = (response.candidates?.[0]?.content?.parts ?? []).filter(isAudioPart);
  if (parts.length === 0) throw noAudioError(response);
  const pieces = parts.map((part) => samplesOf(part.inlineData as GeminiInlineData));
  const pcm = concat(pieces.map((piece) => piece.samples));
  const pcmFormat = pieces[0]?.format ?? GEMINI_SPEECH_FORMAT;
  if (format === 'pcm') return { bytes: pcm, contentType: 'audio/pcm' };
  return { bytes: pcmToWav(pcm, pcmFormat), contentType: 'audio/wav' };
}

/** The 16-bit samples of one audio part: raw L16 as it is, a WAV's data chunk. */
export function samplesOf(audio: GeminiInlineData): { samples: Uint8Array; format: PcmFormat } {
  const bytes = base64ToBytes(audio.data);
  const format = pcmFormatOf(audio.mimeType);
  if (format) return { samples: bytes, format };
  const wav = readWav(bytes);
  if (wav && wav.bitsPerSample === 16) return wav;
  throw new ProxyError(502, `Gemini answered with ${audio.mimeType} audio, which this proxy cannot turn into WAV or PCM.`, 'unsupported_upstream_audio');
}

export function isAudioPart(part: GeminiPart): boolean {
  return !part.thought && part.inlineData?.mimeType.startsWith('audio/') === true;
}

export function noAudioError(response: GeminiGenerateContentResponse): ProxyError {
  if (!response.candidates?.length && response.promptFeedback?.blockReason) return new ProxyError(400, blockedPromptMessage(response), 'content_policy_violation');
  const reason = response.candidates?.[0]?.finishReason;
  if (isContentFilterReason(reason)) return new ProxyError(400, `Gemini stopped the speech (finish reason ${reason}).`, 'content_policy_violation');
  return new ProxyError(502, `Gemini answered without audio${reason ? ` (finish reason ${reason})` : ''}. Check that the model is a TTS model (its name ends in -tts), or try again.`, 'no_audio');
}

function concat(pieces: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}
