import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../base64.ts';
import { convertSpeechStream } from './convert-speech-stream.ts';
import { readWav } from './wav.ts';

const L16 = 'audio/L16;codec=pcm;rate=24000';
const audioEvent = (bytes: number[], finish = false) =>
  `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ inlineData: { mimeType: L16, data: bytesToBase64(new Uint8Array(bytes)) } }] }, ...(finish ? { finishReason: 'STOP' } : {}) }] })}\r\n\r\n`;

function sse(...events: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(event));
      controller.close();
    },
  });
}

async function read(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('convertSpeechStream', () => {
  it('pcm: the samples of each event, in order', async () => {
    expect(await read(convertSpeechStream(sse(audioEvent([1, 0, 2, 0]), audioEvent([3, 0], true)), 'pcm', []))).toEqual(new Uint8Array([1, 0, 2, 0, 3, 0]));
  });

  it('wav: one header whose sizes say unknown, then the samples', async () => {
    const wav = await read(convertSpeechStream(sse(audioEvent([1, 0]), audioEvent([2, 0], true)), 'wav', []));
    const view = new DataView(wav.buffer);
    expect(view.getUint32(4, true)).toBe(0xffffffff);
    expect(view.getUint32(40, true)).toBe(0xffffffff);
    expect(readWav(wav)).toEqual({ format: { sampleRate: 24000, channels: 1 }, bitsPerSample: 16, samples: new Uint8Array([1, 0, 2, 0]) });
  });

  it('a Gemini error event, or a stream without audio, ends the transfer with an error, the key masked', async () => {
    const key = 'AIzaSySpeechStream0000000000000000001';
    const error = `data: ${JSON.stringify({ error: { code: 429, message: `Quota exceeded for ${key}`, status: 'RESOURCE_EXHAUSTED' } })}\r\n\r\n`;
    const failed = await read(convertSpeechStream(sse(audioEvent([1, 0]), error), 'pcm', [key])).catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).not.toContain(key);
    const silent = `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'no' }] }, finishReason: 'STOP' }] })}\r\n\r\n`;
    await expect(read(convertSpeechStream(sse(silent), 'wav', []))).rejects.toThrow(/without audio/);
  });
});
