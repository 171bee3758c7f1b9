/**
 * Images and speech on the OpenAI face, through the official `openai` SDK against the local server
 * and the fake Gemini upstream: image generation (Gemini image model and Imagen), edits, images in
 * chat answers, text to speech and transcription.
 */
import OpenAI, { toFile } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PNG_BASE64, FAKE_SPEECH_PCM, type JsonBody } from './support/fake-gemini.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const KEYS = ['AIzaSyMediaKey000000000000000000000001', 'AIzaSyMediaKey000000000000000000000002'];

const setup = useProxyAgainstFake({ DEFAULT_IMAGE_MODEL: 'gemini-3-pro-image', DEFAULT_TTS_MODEL: 'gemini-2.5-flash-preview-tts', MAX_REQUEST_BODY_MB: '1' });
let openai: OpenAI;
beforeAll(() => {
  openai = new OpenAI({ apiKey: KEYS.join(','), baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
});

function upstreamSince(before: number): Array<{ path: string; key: string | null; body: JsonBody }> {
  return setup.fake.requests.slice(before).map((request) => ({ path: request.path, key: request.key, body: JSON.parse(request.body || '{}') as JsonBody }));
}

/** A mono 16-bit WAV of `samples` zero samples at `rate` Hz. */
function silentWav(samples: number, rate: number): Uint8Array {
  const wav = new Uint8Array(44 + samples * 2);
  const view = new DataView(wav.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, index) => view.setUint8(offset + index, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  return wav;
}

const PNG = Buffer.from(FAKE_PNG_BASE64, 'base64');

describe('images through the openai SDK', () => {
  it('images.generate with an OpenAI model name: DEFAULT_IMAGE_MODEL draws n images, one call each, with the size as aspect ratio and image size', async () => {
    const before = setup.fake.requests.length;
    const result = await openai.images.generate({ model: 'gpt-image-1', prompt: 'A lighthouse at dusk', n: 2, size: '1536x1024', quality: 'high' });
    expect(result.data).toEqual([{ b64_json: FAKE_PNG_BASE64 }, { b64_json: FAKE_PNG_BASE64 }]);
    expect(result.output_format).toBe('png');
    expect(result.usage).toEqual({
      input_tokens: 24,
      input_tokens_details: { text_tokens: 24, image_tokens: 0 },
      output_tokens: 2580,
      output_tokens_details: { text_tokens: 0, image_tokens: 2580 },
      total_tokens: 2604,
    });
    const upstream = upstreamSince(before);
    expect(upstream.map((request) => request.path)).toEqual(Array(2).fill('/v1beta/models/gemini-3-pro-image:generateContent'));
    expect(upstream[0]!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'A lighthouse at dusk' }] }],
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '3:2', imageSize: '2K' } },
    });
    expect(KEYS).toContain(upstream[0]!.key);
  });

  it('images.generate with response_format url answers data: URLs', async () => {
    const result = await openai.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'A red square', response_format: 'url', size: '1024x1792' });
    expect(result.data).toEqual([{ url: `data:image/png;base64,${FAKE_PNG_BASE64}` }]);
    const body = JSON.parse(setup.fake.requests.at(-1)!.body) as JsonBody;
    // Gemini 2.x image models take no imageSize.
    expect(body.generationConfig).toEqual({ responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '9:16' } });
  });

  it('images.generate with an Imagen model goes to :predict with sampleCount and the aspect ratio', async () => {
    const before = setup.fake.requests.length;
    const result = await openai.images.generate({ model: 'imagen-4.0-generate-001', prompt: 'A teapot', n: 3, size: '1024x1024' });
    expect(result.data).toHaveLength(3);
    expect(result.data![0]).toEqual({ b64_json: FAKE_PNG_BASE64 });
    const [upstream] = upstreamSince(before);
    expect(upstream!.path).toBe('/v1beta/models/imagen-4.0-generate-001:predict');
    expect(upstream!.body).toEqual({ instances: [{ prompt: 'A teapot' }], parameters: { sampleCount: 3, aspectRatio: '1:1' } });
  });

  it('images.edit with two images and a mask sends all three inline, the mask after a line that says what it is', async () => {
    const before = setup.fake.requests.length;
    const result = await openai.images.edit({
      model: 'gemini-3-pro-image',
      image: [await toFile(PNG, 'room.png', { type: 'image/png' }), await toFile(Buffer.from('fake-jpeg-bytes'), 'lamp.jpg')],
      mask: await toFile(PNG, 'mask.png', { type: 'image/png' }),
      prompt: 'Put the lamp on the table',
    });
    expect(result.data).toEqual([{ b64_json: FAKE_PNG_BASE64 }]);
    expect(result.usage?.input_tokens_details).toEqual({ text_tokens: 12, image_tokens: 3 * 258 });
    const [upstream] = upstreamSince(before);
    const parts = (upstream!.body.contents as Array<{ parts: JsonBody[] }>)[0]!.parts;
    expect(parts).toEqual([
      { text: 'Put the lamp on the table' },
      { inlineData: { mimeType: 'image/png', data: FAKE_PNG_BASE64 } },
      { inlineData: { mimeType: 'image/jpeg', data: Buffer.from('fake-jpeg-bytes').toString('base64') } },
      { text: expect.stringContaining('mask') },
      { inlineData: { mimeType: 'image/png', data: FAKE_PNG_BASE64 } },
    ]);
  });

  it('a size Gemini cannot approach, and an edit without an image, are refused before anything goes upstream', async () => {
    const before = setup.fake.requests.length;
    await expect(openai.images.generate({ prompt: 'x', size: 'huge' })).rejects.toMatchObject({ status: 400, param: 'size' });
    await expect(openai.images.generate({ prompt: 'x', n: 11 })).rejects.toMatchObject({ status: 400, param: 'n' });
    const response = await fetch(`${setup.server.url}/v1/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${KEYS[0]}` }, body: new FormData() });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('image');
    expect(setup.fake.requests.length).toBe(before);
  });

  it('an edit larger than MAX_REQUEST_BODY_MB is refused with 413', async () => {
    const form = new FormData();
    form.append('prompt', 'x');
    form.append('image', new Blob([new Uint8Array(1_100_000)], { type: 'image/png' }), 'big.png');
    // Sent with its length declared, as the SDKs send a file they hold whole.
    const multipart = new Response(form);
    const body = new Uint8Array(await multipart.arrayBuffer());
    const headers = { authorization: `Bearer ${KEYS[0]}`, 'content-type': multipart.headers.get('content-type')! };
    const response = await fetch(`${setup.server.url}/v1/images/edits`, { method: 'POST', headers, body });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  });
});

describe('images in chat answers', () => {
  it('a plain answer with an image carries it in images[] and as Markdown in content; modalities asks Gemini for images', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'Draw a cat' }],
      modalities: ['text', 'image'] as never,
    });
    const message = completion.choices[0]!.message as OpenAI.Chat.ChatCompletionMessage & { images?: unknown };
    const url = `data:image/png;base64,${FAKE_PNG_BASE64}`;
    expect(message.content).toBe(`Here is the picture you asked for.![image](${url})`);
    expect(message.images).toEqual([{ type: 'image_url', image_url: { url } }]);
    expect((JSON.parse(setup.fake.requests.at(-1)!.body) as JsonBody).generationConfig).toEqual({ responseModalities: ['TEXT', 'IMAGE'] });
  });

  it('a streamed answer with an image (its text, then the image, as Gemini streams them) carries it in a delta, images[] and Markdown', async () => {
    const stream = await openai.chat.completions.create({ model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'Draw a cat' }], stream: true });
    const deltas: Array<Record<string, unknown>> = [];
    for await (const chunk of stream) if (chunk.choices[0]) deltas.push(chunk.choices[0].delta as Record<string, unknown>);
    const url = `data:image/png;base64,${FAKE_PNG_BASE64}`;
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe(`Here is the picture you asked for.![image](${url})`);
    expect(deltas.filter((delta) => delta.images)).toEqual([{ content: `![image](${url})`, images: [{ type: 'image_url', image_url: { url } }] }]);
  });

  it('modalities with audio is refused with what to use instead', async () => {
    await expect(openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], modalities: ['text', 'audio'] })).rejects.toMatchObject({
      status: 400,
      param: 'modalities',
    });
  });
});

describe('speech through the openai SDK', () => {
  it('audio.speech.create: a WAV whose header matches the PCM Gemini spoke; the OpenAI voice and instructions translated', async () => {
    const before = setup.fake.requests.length;
    const response = await openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there', instructions: 'cheerfully', response_format: 'wav' });
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const wav = new Uint8Array(await response.arrayBuffer());
    const view = new DataView(wav.buffer);
    const ascii = (offset: number, length: number) => String.fromCharCode(...wav.subarray(offset, offset + length));
    expect([ascii(0, 4), ascii(8, 8), ascii(36, 4)]).toEqual(['RIFF', 'WAVEfmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(36 + FAKE_SPEECH_PCM.length);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(24000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(FAKE_SPEECH_PCM.length);
    expect(Buffer.from(wav.subarray(44)).equals(FAKE_SPEECH_PCM)).toBe(true);
    const [upstream] = upstreamSince(before);
    expect(upstream!.path).toBe('/v1beta/models/gemini-2.5-flash-preview-tts:generateContent');
    expect(upstream!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Say the following in this style: cheerfully\n\nHello there' }] }],
      generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Zephyr' } } } },
    });
  });

  it('pcm streams the bare samples as Gemini speaks them; a Gemini voice and a 3.8 model take the style in speechMetadata', async () => {
    const response = await openai.audio.speech.create({ model: 'gemini-3.8-flash-tts', voice: 'puck', input: 'Hi', instructions: 'whisper', response_format: 'pcm' });
    expect(response.headers.get('content-type')).toBe('audio/pcm');
    expect(Buffer.from(await response.arrayBuffer()).equals(FAKE_SPEECH_PCM)).toBe(true);
    expect(`${setup.fake.requests.at(-1)!.path}${setup.fake.requests.at(-1)!.search}`).toBe('/v1beta/models/gemini-3.8-flash-tts:streamGenerateContent?alt=sse');
    const body = JSON.parse(setup.fake.requests.at(-1)!.body) as { contents: Array<{ parts: JsonBody[] }>; generationConfig: JsonBody };
    expect(body.contents[0]!.parts).toEqual([{ text: 'Hi', speechMetadata: { style: 'whisper' } }]);
    expect(body.generationConfig.speechConfig).toEqual({ voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } });
  });

  it('mp3 is refused with the formats offered, before anything goes upstream', async () => {
    const before = setup.fake.requests.length;
    const error = await openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'mp3' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('"wav"');
    expect(setup.fake.requests.length).toBe(before);
  });

  it('a key out of quota hands over to the next one', async () => {
    const QUOTA_KEY = 'AIzaSyMedia-quota-00000000000000000001';
    const client = new OpenAI({ apiKey: `${QUOTA_KEY},${KEYS[0]}`, baseURL: `${setup.server.url}/v1`, maxRetries: 0 });
    const before = setup.fake.requests.length;
    // Two requests: whichever key the first starts with, one of them meets the exhausted key first.
    for (let request = 0; request < 2; request++) {
      const response = await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'Hi' });
      expect(response.headers.get('content-type')).toBe('audio/wav');
    }
    const keys = upstreamSince(before).map((request) => request.key);
    expect(keys.filter((key) => key === QUOTA_KEY)).toHaveLength(1);
    expect(keys.filter((key) => key === KEYS[0])).toHaveLength(2);
  });
});

describe('transcription through the openai SDK', () => {
  const wav = silentWav(16000, 16000);

  it('audio.transcriptions.create with a small WAV: the audio inline with an instruction, whisper-1 answered by DEFAULT_MODEL', async () => {
    const before = setup.fake.requests.length;
    const transcription = await openai.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(wav, 'hello.wav'), language: 'en', prompt: 'Gemini' });
    expect(transcription.text).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(transcription.usage).toMatchObject({ type: 'tokens', input_tokens: 9, output_tokens: 28 + 244 });
    const [upstream] = upstreamSince(before);
    expect(upstream!.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    const parts = (upstream!.body.contents as Array<{ parts: Array<{ inlineData?: JsonBody; text?: string }> }>)[0]!.parts;
    expect(parts[0]).toEqual({ inlineData: { mimeType: 'audio/wav', data: Buffer.from(wav).toString('base64') } });
    expect(parts[1]!.text).toMatch(/^Transcribe the speech in this audio/);
    expect(parts[1]!.text).toContain('"en"');
    expect(parts[1]!.text).toContain('Gemini');
  });

  it('verbose_json and srt come from the segments Gemini was asked to time; the WAV gives the duration', async () => {
    const original = setup.fake.generateResponse;
    setup.fake.generateResponse = () => ({
      candidates: [{ content: { parts: [{ text: JSON.stringify({ language: 'english', segments: [{ start: 0, end: 0.4, text: 'Hello' }, { start: 0.5, end: 0.9, text: 'world.' }] }) }], role: 'model' }, finishReason: 'STOP' }],
    });
    try {
      const verbose = await openai.audio.transcriptions.create({ model: 'gemini-2.5-flash', file: await toFile(wav, 'hello.wav'), response_format: 'verbose_json' });
      expect(verbose).toMatchObject({ task: 'transcribe', language: 'english', duration: 1, text: 'Hello world.', segments: [{ id: 0, start: 0, end: 0.4, text: 'Hello' }, { id: 1 }] });
      expect((JSON.parse(setup.fake.requests.at(-1)!.body) as { generationConfig: JsonBody }).generationConfig).toMatchObject({ responseMimeType: 'application/json' });
      const srt = await openai.audio.transcriptions.create({ model: 'gemini-2.5-flash', file: await toFile(wav, 'hello.wav'), response_format: 'srt' });
      expect(srt).toBe('1\n00:00:00,000 --> 00:00:00,400\nHello\n\n2\n00:00:00,500 --> 00:00:00,900\nworld.\n');
    } finally {
      setup.fake.generateResponse = original;
    }
  });

  it('audio.translations.create asks for English and answers text', async () => {
    const text = await openai.audio.translations.create({ model: 'whisper-1', file: await toFile(wav, 'hallo.wav'), response_format: 'text' });
    expect(text).toContain('strawberry');
    const body = JSON.parse(setup.fake.requests.at(-1)!.body) as { contents: Array<{ parts: Array<{ text?: string }> }> };
    expect(body.contents[0]!.parts[1]!.text).toMatch(/^Translate the speech in this audio into English/);
  });
});

describe('with KEEP_ALIVE_AFTER_MS, as on Vercel Edge and Netlify: image and transcription calls are streamed upstream and assembled, speech streamed through', () => {
  const slow = useProxyAgainstFake({ KEEP_ALIVE_AFTER_MS: '60000' });
  const client = () => new OpenAI({ apiKey: KEYS.join(','), baseURL: `${slow.server.url}/v1`, maxRetries: 0 });

  it('images.generate: each image a streamGenerateContent, the answer assembled from the events', async () => {
    const before = slow.fake.requests.length;
    const result = await client().images.generate({ model: 'gemini-2.5-flash-image', prompt: 'A kite', n: 2 });
    expect(result.data).toEqual([{ b64_json: FAKE_PNG_BASE64 }, { b64_json: FAKE_PNG_BASE64 }]);
    expect(result.usage?.output_tokens_details?.image_tokens).toBe(2580);
    expect(slow.fake.requests.slice(before).map((request) => `${request.path}${request.search}`)).toEqual(Array(2).fill('/v1beta/models/gemini-2.5-flash-image:streamGenerateContent?alt=sse'));
  });

  it('audio.speech.create streams the WAV: a header whose sizes say unknown, then the samples of each event', async () => {
    const response = await client().audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello', response_format: 'wav' });
    const wav = new Uint8Array(await response.arrayBuffer());
    expect(new DataView(wav.buffer).getUint32(40, true)).toBe(0xffffffff);
    expect(Buffer.from(wav.subarray(44)).equals(FAKE_SPEECH_PCM)).toBe(true);
    expect(slow.fake.requests.at(-1)!.path).toBe('/v1beta/models/gemini-3.8-flash-lite-tts:streamGenerateContent');
  });

  it('an error before Gemini accepts the call keeps its status', async () => {
    const invalid = new OpenAI({ apiKey: 'AIzaSyMedia-invalid-00000000000000000001', baseURL: `${slow.server.url}/v1`, maxRetries: 0 });
    await expect(invalid.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'A kite' })).rejects.toMatchObject({ status: 400 });
  });

  it('audio.transcriptions.create answers JSON and text from the assembled stream', async () => {
    const file = await toFile(silentWav(1600, 16000), 'a.wav');
    expect((await client().audio.transcriptions.create({ model: 'whisper-1', file })).text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(await client().audio.transcriptions.create({ model: 'whisper-1', file, response_format: 'text' })).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
  });
});
