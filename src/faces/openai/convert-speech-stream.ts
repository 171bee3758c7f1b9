import { ProxyError } from '../../errors.ts';
import { parseGeminiEvent } from '../../gemini/gemini-event-stream.ts';
import { SseDataParser } from '../../gemini/sse-data-parser.ts';
import { logError } from '../../log.ts';
import type { GeminiGenerateContentResponse, GeminiInlineData } from '../../gemini/types.ts';
import type { SpeechFormat } from './convert-speech-request.ts';
import { isAudioPart, noAudioError, samplesOf } from './convert-speech-response.ts';
import { wavHeader } from './wav.ts';

/**
 * Gemini's streamed speech (`?alt=sse`) as the audio file, written as each event arrives: the samples
 * for `pcm`; for `wav`, a header whose sizes say "unknown" (the length is not known until the end),
 * then the samples. Audio cannot carry an error: a Gemini error, an answer without audio or a broken
 * upstream ends the client's transfer with an error instead of a file that looks whole.
 */
export function convertSpeechStream(upstream: ReadableStream<Uint8Array>, format: SpeechFormat, keysToMask: readonly string[]): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let started = false;
  let failure: ProxyError | undefined;
  let last: GeminiGenerateContentResponse = {};
  const parser = new SseDataParser((data) => {
    if (failure) return;
    const event = parseGeminiEvent(data, keysToMask);
    if (event instanceof ProxyError) {
      failure = event;
      return;
    }
    last = event;
    for (const part of (event.candidates?.[0]?.content?.parts ?? []).filter(isAudioPart)) {
      const audio = samplesOf(part.inlineData as GeminiInlineData);
      if (!started && format === 'wav') pending.push(wavHeader(audio.format));
      started = true;
      pending.push(audio.samples);
    }
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch {
          controller.error(new Error('The connection to the Gemini API broke off during the speech.'));
          return;
        }
        try {
          if (next.done) {
            parser.push(decoder.decode());
            parser.end();
          } else {
            parser.push(decoder.decode(next.value, { stream: true }));
          }
        } catch (error) {
          failure = error instanceof ProxyError ? error : new ProxyError(502, 'The Gemini stream sent audio the proxy could not read.', 'invalid_upstream_event');
        }
        if (!failure && next.done && !started) failure = noAudioError(last);
        if (failure) {
          logError(`/v1/audio/speech: the speech stream failed (${failure.code}: ${failure.message})`);
          controller.error(new Error(failure.message));
          await reader.cancel().catch(() => undefined);
          return;
        }
        for (const piece of pending) controller.enqueue(piece);
        const wrote = pending.length > 0;
        pending = [];
        if (next.done) {
          controller.close();
          return;
        }
        if (wrote) return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
