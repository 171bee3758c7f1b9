import { describe, expect, it } from 'vitest';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { convertTranscriptionRequest, SEGMENTS_SCHEMA, type ConvertedTranscriptionRequest } from './convert-transcription-request.ts';
import { convertTranscriptionResponse } from './convert-transcription-response.ts';
import { pcmToWav } from './wav.ts';

function form(fields: Record<string, string>, file?: File): FormData {
  const data = new FormData();
  if (file) data.append('file', file);
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const wav = new File([pcmToWav(new Uint8Array(32000), { sampleRate: 16000, channels: 1 })], 'a.wav');

describe('convertTranscriptionRequest', () => {
  it('sends the audio inline with an instruction; whisper-1 goes to the default model; a WAV gives its duration', async () => {
    const converted = await convertTranscriptionRequest(form({ model: 'whisper-1', language: 'de', temperature: '0.2' }, wav), 'transcribe', 'gemini-2.5-flash');
    expect(converted).toMatchObject({ model: 'gemini-2.5-flash', task: 'transcribe', format: 'json', durationSeconds: 1 });
    const [audio, instruction] = converted.body.contents[0]!.parts;
    expect(audio!.inlineData!.mimeType).toBe('audio/wav');
    expect(instruction!.text).toContain('"de"');
    expect(converted.body.generationConfig).toEqual({ temperature: 0.2 });
  });

  it('asks for timed segments as JSON for verbose_json, srt and vtt; translation ignores language', async () => {
    const converted = await convertTranscriptionRequest(form({ model: 'gemini-2.5-pro', response_format: 'vtt', language: 'de' }, new File([new Uint8Array([1])], 'a.m4a')), 'translate', 'x');
    expect(converted.model).toBe('gemini-2.5-pro');
    expect(converted.durationSeconds).toBeUndefined();
    expect(converted.body.contents[0]!.parts[0]!.inlineData!.mimeType).toBe('audio/mp4');
    expect(converted.body.contents[0]!.parts[1]!.text).toMatch(/^Translate .* start and end in seconds/);
    expect(converted.body.contents[0]!.parts[1]!.text).not.toContain('"de"');
    expect(converted.body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: SEGMENTS_SCHEMA });
  });

  it('gives Gemini its own name for an upload\'s audio type', async () => {
    const upload = async (file: File) => (await convertTranscriptionRequest(form({}, file), 'transcribe', 'x')).body.contents[0]!.parts[0]!.inlineData!.mimeType;
    expect(await upload(new File([new Uint8Array([1])], 'a.wav', { type: 'audio/x-wav' }))).toBe('audio/wav');
    expect(await upload(new File([new Uint8Array([1])], 'a.mp3', { type: 'audio/mpeg' }))).toBe('audio/mp3');
    expect(await upload(new File([new Uint8Array([1])], 'a.mpga'))).toBe('audio/mp3');
    expect(await upload(new File([new Uint8Array([1])], 'a.ogg', { type: 'audio/ogg' }))).toBe('audio/ogg');
  });

  it('refuses a missing file, an unknown format and streaming', async () => {
    await expect(convertTranscriptionRequest(form({ model: 'whisper-1' }), 'transcribe', 'x')).rejects.toMatchObject({ status: 400, options: { param: 'file' } });
    await expect(convertTranscriptionRequest(form({ response_format: 'diarized_json' }, wav), 'transcribe', 'x')).rejects.toMatchObject({ options: { param: 'response_format' } });
    await expect(convertTranscriptionRequest(form({ stream: 'true' }, wav), 'transcribe', 'x')).rejects.toMatchObject({ options: { param: 'stream' } });
  });
});

describe('convertTranscriptionResponse', () => {
  const request = (format: ConvertedTranscriptionRequest['format'], durationSeconds?: number): ConvertedTranscriptionRequest => ({ model: 'm', task: 'transcribe', format, durationSeconds, body: { contents: [] } });
  const answer = (text: string): GeminiGenerateContentResponse => ({
    candidates: [{ content: { parts: [{ text: 'thinking', thought: true }, { text }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 5, totalTokenCount: 45, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 32 }, { modality: 'TEXT', tokenCount: 8 }] },
  });
  const timed = answer(JSON.stringify({ language: 'german', segments: [{ start: 0, end: 1.25, text: ' Hallo ' }, { start: 61.5, end: 3725.004, text: 'Welt' }] }));

  it('json: the text and token usage by modality; text: the text alone', async () => {
    expect(convertTranscriptionResponse(answer(' Hello. '), request('json'))).toEqual({
      text: 'Hello.',
      usage: { type: 'tokens', input_tokens: 40, input_token_details: { audio_tokens: 32, text_tokens: 8 }, output_tokens: 5, total_tokens: 45 },
    });
    expect(convertTranscriptionResponse(answer('Hello.\n'), request('text'))).toBe('Hello.');
  });

  it('verbose_json, srt and vtt from the segments', async () => {
    expect(convertTranscriptionResponse(timed, request('verbose_json'))).toEqual({
      task: 'transcribe',
      language: 'german',
      duration: 3725.004,
      text: 'Hallo Welt',
      segments: [{ id: 0, start: 0, end: 1.25, text: 'Hallo' }, { id: 1, start: 61.5, end: 3725.004, text: 'Welt' }],
      usage: { type: 'duration', seconds: 3726 },
    });
    expect(convertTranscriptionResponse(timed, request('srt'))).toBe('1\n00:00:00,000 --> 00:00:01,250\nHallo\n\n2\n00:01:01,500 --> 01:02:05,004\nWelt\n');
    expect(convertTranscriptionResponse(timed, request('vtt', 2))).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHallo\n\n00:01:01.500 --> 01:02:05.004\nWelt\n');
  });

  it('a timed answer that is not the JSON asked for is a 502; a blocked prompt a 400', () => {
    expect(() => convertTranscriptionResponse(answer('Hallo Welt'), request('srt'))).toThrow(expect.objectContaining({ status: 502 }));
    expect(() => convertTranscriptionResponse({ promptFeedback: { blockReason: 'OTHER' } }, request('json'))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
