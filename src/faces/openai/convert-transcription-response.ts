import { ProxyError } from '../../errors.ts';
import { blockedPromptMessage } from '../../gemini/finish-reason.ts';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { isJsonObject } from '../../json-value.ts';
import type { ConvertedTranscriptionRequest } from './convert-transcription-request.ts';

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The formats answered as JSON (the others as plain text). */
export function isJsonTranscription(request: ConvertedTranscriptionRequest): boolean {
  return request.format === 'json' || request.format === 'verbose_json';
}

/**
 * Gemini's transcript in the shape `response_format` asks for: JSON `{text, usage}`, plain text, or
 * — from the segments Gemini was asked to time — `verbose_json`, SubRip or WebVTT. Gemini's timings are
 * its own estimate, not a forced alignment. A JSON format gives an object, the others their text.
 */
export function convertTranscriptionResponse(response: GeminiGenerateContentResponse, request: ConvertedTranscriptionRequest): object | string {
  const text = answerText(response);
  if (request.format === 'text') return text.trim();
  if (request.format === 'json') return { text: text.trim(), usage: tokenUsage(response) };
  const { language, segments } = parseSegments(text);
  if (request.format === 'srt') return segments.map((segment, index) => `${index + 1}\n${timestamp(segment.start, ',')} --> ${timestamp(segment.end, ',')}\n${segment.text}\n`).join('\n');
  if (request.format === 'vtt') return `WEBVTT\n\n${segments.map((segment) => `${timestamp(segment.start, '.')} --> ${timestamp(segment.end, '.')}\n${segment.text}\n`).join('\n')}`;
  const duration = request.durationSeconds ?? segments.at(-1)?.end ?? 0;
  return {
    task: request.task,
    language: request.task === 'translate' ? 'english' : language,
    duration,
    text: segments.map((segment) => segment.text).join(' '),
    segments: segments.map((segment, id) => ({ id, ...segment })),
    usage: { type: 'duration', seconds: Math.ceil(duration) },
  };
}

function answerText(response: GeminiGenerateContentResponse): string {
  const candidate = response.candidates?.[0];
  if (!candidate && response.promptFeedback?.blockReason) throw new ProxyError(400, blockedPromptMessage(response), 'content_policy_violation');
  return (candidate?.content?.parts ?? []).filter((part) => !part.thought && part.text).map((part) => part.text).join('');
}

function tokenUsage(response: GeminiGenerateContentResponse): Record<string, unknown> {
  const metadata = response.usageMetadata ?? {};
  const modality = (name: string) => (metadata.promptTokensDetails ?? []).filter((count) => count.modality === name).reduce((sum, count) => sum + (count.tokenCount ?? 0), 0);
  const input = metadata.promptTokenCount ?? 0;
  const output = (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
  return {
    type: 'tokens',
    input_tokens: input,
    input_token_details: { audio_tokens: modality('AUDIO'), text_tokens: modality('TEXT') },
    output_tokens: output,
    total_tokens: metadata.totalTokenCount ?? input + output,
  };
}

function parseSegments(text: string): { language: string; segments: Segment[] } {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const segments = isJsonObject(answer) && Array.isArray(answer.segments) ? answer.segments : undefined;
  if (!isJsonObject(answer) || !segments) throw new ProxyError(502, 'Gemini answered the timed transcript without its segments. Try again, or ask for response_format json or text.', 'invalid_upstream_response');
  return {
    language: typeof answer.language === 'string' ? answer.language : '',
    segments: segments.filter(isJsonObject).map((segment) => ({
      start: seconds(segment.start),
      end: seconds(segment.end),
      text: typeof segment.text === 'string' ? segment.text.trim() : '',
    })),
  };
}

function seconds(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** `00:01:02,345` (SubRip) or `00:01:02.345` (WebVTT). */
function timestamp(totalSeconds: number, separator: string): string {
  const milliseconds = Math.round(totalSeconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(milliseconds / 3_600_000))}:${pad(Math.floor(milliseconds / 60_000) % 60)}:${pad(Math.floor(milliseconds / 1000) % 60)}${separator}${pad(milliseconds % 1000, 3)}`;
}
