import { describe, expect, it } from 'vitest';
import { convertSpeechRequest, geminiVoice, GEMINI_VOICES, OPENAI_VOICES } from './convert-speech-request.ts';

const DEFAULT = 'gemini-3.8-flash-lite-tts';

describe('convertSpeechRequest', () => {
  it('sends tts-1 to the default model with AUDIO output and the mapped voice, as wav unless pcm is asked for', () => {
    expect(convertSpeechRequest({ model: 'tts-1', input: 'Hello', voice: 'onyx' }, DEFAULT)).toEqual({
      model: DEFAULT,
      format: 'wav',
      body: {
        contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
        generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Algenib' } } } },
      },
    });
    expect(convertSpeechRequest({ input: 'x', response_format: 'pcm' }, DEFAULT).format).toBe('pcm');
  });

  it('instructions and speed are the style: in speechMetadata for 3.8 and later, written before the text for earlier models', () => {
    const modern = convertSpeechRequest({ model: 'gemini-3.8-flash-tts', input: 'Hi', instructions: 'Calm.', speed: 1.5 }, DEFAULT);
    expect(modern.body.contents[0]!.parts).toEqual([{ text: 'Hi', speechMetadata: { style: 'Calm. Speak at 1.5 times the normal pace.' } }]);
    const earlier = convertSpeechRequest({ model: 'gemini-2.5-pro-preview-tts', input: 'Hi', instructions: 'Calm.' }, DEFAULT);
    expect(earlier.body.contents[0]!.parts).toEqual([{ text: 'Say the following in this style: Calm.\n\nHi' }]);
    expect(convertSpeechRequest({ model: 'gemini-3.1-flash-tts-preview', input: 'Hi', speed: 1 }, DEFAULT).body.contents[0]!.parts).toEqual([{ text: 'Hi' }]);
  });

  it.each([
    [{ voice: 'alloy' }, 'input'],
    [{ input: 'x', response_format: 'mp3' }, 'response_format'],
    [{ input: 'x', response_format: 'ogg' }, 'response_format'],
    [{ input: 'x', speed: 5 }, 'speed'],
    [{ input: 'x', voice: 'Darth' }, 'voice'],
    [{ input: 'x', voice: { id: 'voice_123' } }, 'voice'],
    [{ input: 'x', stream_format: 'sse' }, 'stream_format'],
  ])('refuses %j with param %s', (body, param) => {
    expect(() => convertSpeechRequest(body, DEFAULT)).toThrow(expect.objectContaining({ status: 400, options: { param } }));
  });

  it('maps every OpenAI voice to a Gemini voice and passes Gemini voices through in any case', () => {
    for (const voice of Object.values(OPENAI_VOICES)) expect(GEMINI_VOICES).toContain(voice);
    expect(geminiVoice('zubenelgenubi')).toBe('Zubenelgenubi');
    expect(geminiVoice(undefined)).toBe('Kore');
  });
});
