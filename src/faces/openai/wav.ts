/** WAV files of 16-bit PCM: the header Gemini's raw speech needs, and the samples inside a WAV Gemini or a client sends. */

export interface PcmFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** What Gemini's TTS models speak: 24 kHz, 16-bit, mono. */
export const GEMINI_SPEECH_FORMAT: PcmFormat = { sampleRate: 24_000, channels: 1 };

const HEADER_BYTES = 44;
const BYTES_PER_SAMPLE = 2;

/** `audio/L16;codec=pcm;rate=24000` (or `audio/pcm;rate=…;channels=…`) as a format; anything else is not raw PCM. */
export function pcmFormatOf(mimeType: string): PcmFormat | undefined {
  const [type = '', ...parameters] = mimeType.toLowerCase().split(';').map((piece) => piece.trim());
  if (type !== 'audio/l16' && type !== 'audio/pcm') return undefined;
  const parameter = (name: string) => Number(parameters.find((piece) => piece.startsWith(`${name}=`))?.slice(name.length + 1));
  const rate = parameter('rate');
  const channels = parameter('channels');
  return {
    sampleRate: Number.isInteger(rate) && rate > 0 ? rate : GEMINI_SPEECH_FORMAT.sampleRate,
    channels: Number.isInteger(channels) && channels > 0 ? channels : GEMINI_SPEECH_FORMAT.channels,
  };
}

/** Little-endian 16-bit PCM in a RIFF/WAVE container. */
export function pcmToWav(pcm: Uint8Array, format: PcmFormat): Uint8Array<ArrayBuffer> {
  const wav = new Uint8Array(HEADER_BYTES + pcm.length);
  wav.set(wavHeader(format, pcm.length));
  wav.set(pcm, HEADER_BYTES);
  return wav;
}

/** The 44-byte header of a WAV of `dataBytes` of samples; without a length (a stream), the sizes say 0xFFFFFFFF, "unknown", as streaming encoders write. */
export function wavHeader(format: PcmFormat, dataBytes?: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, index) => view.setUint8(offset + index, char.charCodeAt(0)));
  const blockAlign = format.channels * BYTES_PER_SAMPLE;
  ascii(0, 'RIFF');
  view.setUint32(4, dataBytes === undefined ? 0xffffffff : 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BYTES_PER_SAMPLE * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes ?? 0xffffffff, true);
  return header;
}

export interface WavContents {
  readonly format: PcmFormat;
  readonly bitsPerSample: number;
  /** The `data` chunk. */
  readonly samples: Uint8Array;
}

/** The format and samples of a RIFF/WAVE file, walking its chunks; undefined when it is not one. */
export function readWav(bytes: Uint8Array): WavContents | undefined {
  if (bytes.length < 12 || text(bytes, 0, 4) !== 'RIFF' || text(bytes, 8, 4) !== 'WAVE') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: PcmFormat | undefined;
  let bitsPerSample = 0;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = text(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
      bitsPerSample = view.getUint16(body + 14, true);
    }
    // A streamed WAV may say 0 or 0xFFFFFFFF for its data size: the samples run to the end.
    if (id === 'data' && format) {
      const end = size === 0 || size === 0xffffffff ? bytes.length : Math.min(bytes.length, body + size);
      return { format, bitsPerSample, samples: bytes.subarray(body, end) };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** How long a WAV plays, in seconds; undefined when it is not a WAV this can read. */
export function wavDurationSeconds(bytes: Uint8Array): number | undefined {
  const wav = readWav(bytes);
  if (!wav || wav.bitsPerSample <= 0) return undefined;
  return wav.samples.length / ((wav.bitsPerSample / 8) * wav.format.channels * wav.format.sampleRate);
}

function text(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
