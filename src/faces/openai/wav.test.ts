import { describe, expect, it } from 'vitest';
import { pcmFormatOf, pcmToWav, readWav, wavDurationSeconds } from './wav.ts';

describe('wav', () => {
  it('reads the rate and channels of Gemini\'s PCM types, and nothing else as PCM', () => {
    expect(pcmFormatOf('audio/L16;codec=pcm;rate=24000')).toEqual({ sampleRate: 24000, channels: 1 });
    expect(pcmFormatOf('audio/l16; rate=16000; channels=2')).toEqual({ sampleRate: 16000, channels: 2 });
    expect(pcmFormatOf('audio/pcm')).toEqual({ sampleRate: 24000, channels: 1 });
    expect(pcmFormatOf('audio/wav')).toBeUndefined();
  });

  it('wraps PCM in a 44-byte header whose sizes and rates match it, and reads it back', () => {
    const pcm = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const wav = pcmToWav(pcm, { sampleRate: 24000, channels: 1 });
    const view = new DataView(wav.buffer);
    expect(wav.length).toBe(50);
    expect(String.fromCharCode(...wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(42);
    expect(view.getUint32(24, true)).toBe(24000);
    expect(view.getUint32(28, true)).toBe(48000);
    expect(view.getUint16(32, true)).toBe(2);
    expect(view.getUint32(40, true)).toBe(6);
    expect(readWav(wav)).toEqual({ format: { sampleRate: 24000, channels: 1 }, bitsPerSample: 16, samples: pcm });
    expect(wavDurationSeconds(pcmToWav(new Uint8Array(48000), { sampleRate: 24000, channels: 1 }))).toBe(1);
  });

  it('finds the data chunk after other chunks, runs a streamed WAV\'s unknown size to the end, and refuses what is not a WAV', () => {
    const wav = pcmToWav(new Uint8Array([9, 9, 7, 7]), { sampleRate: 8000, channels: 1 });
    const withList = new Uint8Array([...wav.subarray(0, 36), ...new TextEncoder().encode('LIST'), 2, 0, 0, 0, 0, 0, ...wav.subarray(36)]);
    expect(readWav(withList)?.samples).toEqual(new Uint8Array([9, 9, 7, 7]));
    new DataView(wav.buffer).setUint32(40, 0xffffffff, true);
    expect(readWav(wav)?.samples).toEqual(new Uint8Array([9, 9, 7, 7]));
    expect(readWav(new TextEncoder().encode('ID3 not a wav file'))).toBeUndefined();
  });
});
