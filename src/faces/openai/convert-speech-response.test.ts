import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../base64.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { convertSpeechResponse } from './convert-speech-response.ts';
import { pcmToWav, readWav } from './wav.ts';

const audio = (mimeType: string, bytes: Uint8Array): GeminiGenerateContentResponse => ({
  candidates: [{ content: { parts: [{ inlineData: { mimeType, data: bytesToBase64(bytes) } }] }, finishReason: 'STOP' }],
});

describe('convertSpeechResponse', () => {
  const pcm = new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]);

  it('wraps raw L16 in a WAV at its rate, or answers the bare samples for pcm', () => {
    const wav = convertSpeechResponse(audio('audio/L16;codec=pcm;rate=24000', pcm), 'wav');
    expect(wav.contentType).toBe('audio/wav');
    expect(readWav(wav.bytes)).toEqual({ format: { sampleRate: 24000, channels: 1 }, bitsPerSample: 16, samples: pcm });
    expect(convertSpeechResponse(audio('audio/L16;codec=pcm;rate=24000', pcm), 'pcm')).toEqual({ bytes: pcm, contentType: 'audio/pcm' });
  });

  it('takes the samples out of a WAV answer (Gemini 3.8 TTS) and joins several audio parts', () => {
    const wavAnswer = audio('audio/wav', pcmToWav(pcm, { sampleRate: 24000, channels: 1 }));
    expect(convertSpeechResponse(wavAnswer, 'pcm').bytes).toEqual(pcm);
    const twoParts: GeminiGenerateContentResponse = {
      candidates: [{ content: { parts: [...audio('audio/L16;rate=24000', pcm).candidates![0]!.content!.parts!, ...audio('audio/L16;rate=24000', pcm).candidates![0]!.content!.parts!] } }],
    };
    expect(readWav(convertSpeechResponse(twoParts, 'wav').bytes)?.samples.length).toBe(16);
  });

  it('an answer without audio: 400 when a filter stopped it, 502 otherwise; audio it cannot read: 502', () => {
    expect(() => convertSpeechResponse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, 'wav')).toThrow(expect.objectContaining({ status: 400, code: 'content_policy_violation' }));
    expect(() => convertSpeechResponse({ candidates: [{ content: { parts: [{ text: 'Hello' }] }, finishReason: 'STOP' }] }, 'wav')).toThrow(expect.objectContaining({ status: 502, code: 'no_audio' }));
    expect(() => convertSpeechResponse(audio('audio/mpeg', pcm), 'wav')).toThrow(expect.objectContaining({ status: 502, code: 'unsupported_upstream_audio' }));
  });
});
