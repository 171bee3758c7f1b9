import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChatStreamConverter, convertChatStream, type ChatStreamOptions } from './convert-chat-stream.ts';
import { signatureFromToolCallId } from './tool-call-signature.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);
const OPTIONS: ChatStreamOptions = { model: 'gemini-3-pro-preview', includeUsage: true, created: 1700000000 };

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: Record<string, unknown>;
}

function recordedEvents(name: string): string[] {
  return readFileSync(new URL(`${name}.chunks.txt`, RECORDINGS), 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** The recorded events as Gemini sends them: `data: …` lines separated by a blank line (CRLF). */
function recordedSse(name: string): string {
  return recordedEvents(name).map((event) => `data: ${event}\r\n\r\n`).join('');
}

function bytesInPieces(text: string, pieceSize: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += pieceSize) pieces.push(bytes.slice(offset, offset + pieceSize));
  return pieces;
}

async function convert(sse: string, options: ChatStreamOptions = OPTIONS, pieceSize = 4096): Promise<string[]> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of bytesInPieces(sse, pieceSize)) controller.enqueue(piece);
      controller.close();
    },
  });
  const text = await new Response(convertChatStream(source, options)).text();
  return parseOpenAIEvents(text);
}

/** The `data:` payloads of an OpenAI SSE stream; every event must end with a blank line. */
function parseOpenAIEvents(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return block.slice('data: '.length);
    });
}

function chunksOf(events: string[]): Chunk[] {
  expect(events.at(-1)).toBe('[DONE]');
  return events.slice(0, -1).map((event) => JSON.parse(event) as Chunk);
}

/** What the openai SDK's stream accumulator makes of the chunks: the final message per choice. */
function accumulate(chunks: Chunk[]) {
  const toolCalls: Array<{ id?: string; type?: string; name: string; arguments: string; extra_content?: unknown }> = [];
  let role: unknown;
  let content = '';
  let reasoning = '';
  let finishReason: string | null = null;
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      role ??= delta.role;
      if (typeof delta.content === 'string') content += delta.content;
      if (typeof delta.reasoning_content === 'string') reasoning += delta.reasoning_content;
      for (const call of (delta.tool_calls as Array<Record<string, any>> | undefined) ?? []) {
        const entry = (toolCalls[call.index] ??= { name: '', arguments: '' });
        if (call.id) entry.id = call.id;
        if (call.type) entry.type = call.type;
        if (call.function?.name) entry.name = call.function.name;
        if (call.function?.arguments) entry.arguments += call.function.arguments;
        if (call.extra_content) entry.extra_content = call.extra_content;
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { role, content, reasoning, toolCalls, finishReason };
}

function signatureOfEvent(name: string, eventIndex: number): string {
  const event = JSON.parse(recordedEvents(name)[eventIndex] as string);
  return event.candidates[0].content.parts[0].thoughtSignature;
}

describe('convert a recorded Gemini stream to OpenAI chunks', () => {
  it('google-text: role first, one content delta per event, stop, usage, [DONE]', async () => {
    const chunks = chunksOf(await convert(recordedSse('google-text')));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'There are **3**' },
      { content: ' "r"s in strawberry.\n\nst**r**awbe**rr**y' },
      {},
      null,
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, null, null, 'stop', null]);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: 'chatcmpl-bH6LaZW8Fp_3nsEPqtaSwQ4', object: 'chat.completion.chunk', created: 1700000000, model: 'gemini-3-pro-preview' });
    }
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 23 + 185, total_tokens: 217, completion_tokens_details: { reasoning_tokens: 185 } },
    });
  });

  it('google-reasoning and google-reasoning-gemini3: the text as content, the trailing signature-only part dropped', async () => {
    const reasoning = accumulate(chunksOf(await convert(recordedSse('google-reasoning'))));
    expect(reasoning).toMatchObject({
      role: 'assistant',
      content: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
    });
    const gemini3 = chunksOf(await convert(recordedSse('google-reasoning-gemini3')));
    expect(accumulate(gemini3).content).toBe('There are **3** "r"s in strawberry.\n\nSt**r**awbe**rr**y');
    expect(gemini3.at(-1)?.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 23 + 302, total_tokens: 334 });
  });

  it('google-tool-call-gemini3: one complete tool call delta carrying the thought signature, then tool_calls', async () => {
    const chunks = chunksOf(await convert(recordedSse('google-tool-call-gemini3')));
    const signature = signatureOfEvent('google-tool-call-gemini3', 0);
    const toolCallChunk = chunks[1]?.choices[0]?.delta.tool_calls as Array<Record<string, any>>;
    expect(toolCallChunk).toHaveLength(1);
    expect(toolCallChunk[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
      extra_content: { google: { thought_signature: signature } },
    });
    expect(signatureFromToolCallId(toolCallChunk[0]?.id)).toBe(signature);
    expect(chunks[2]?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    expect(chunks[3]?.usage).toMatchObject({ prompt_tokens: 29, completion_tokens: 15 + 804, total_tokens: 848 });
  });

  it('google-tool-call (gemini 2.5 style): the call without arguments streaming still completes', async () => {
    const result = accumulate(chunksOf(await convert(recordedSse('google-tool-call'))));
    expect(result.toolCalls).toHaveLength(1);
    expect(JSON.parse(result.toolCalls[0]?.arguments ?? '')).toEqual({ location: 'San Francisco' });
    expect(signatureFromToolCallId(result.toolCalls[0]?.id ?? '')).toBe(signatureOfEvent('google-tool-call', 0));
    expect(result.finishReason).toBe('tool_calls');
  });

  it('google-stream-tool-call-arguments: streamed calls announced with id and name, arguments when complete', async () => {
    const chunks = chunksOf(await convert(recordedSse('google-stream-tool-call-arguments')));
    const toolDeltas = chunks.flatMap((chunk) => (chunk.choices[0]?.delta.tool_calls as Array<Record<string, any>> | undefined) ?? []);
    expect(toolDeltas).toHaveLength(4);
    expect(toolDeltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'getWeather', arguments: '' } });
    expect(toolDeltas[0]?.id).toMatch(/^call_[A-Za-z0-9]+_ts_[A-Za-z0-9_-]+$/);
    expect(toolDeltas[1]).toEqual({ index: 0, function: { arguments: '{"location":"Boston"}' } });
    expect(toolDeltas[2]).toMatchObject({ index: 1, type: 'function', function: { name: 'getWeather', arguments: '' } });
    expect(toolDeltas[2]?.id).toMatch(/^call_[A-Za-z0-9]+$/);
    expect(toolDeltas[3]).toEqual({ index: 1, function: { arguments: '{"location":"San Francisco"}' } });

    const result = accumulate(chunks);
    expect(result.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['getWeather', { location: 'Boston' }],
      ['getWeather', { location: 'San Francisco' }],
    ]);
    expect(signatureFromToolCallId(result.toolCalls[0]?.id ?? '')).toBe(signatureOfEvent('google-stream-tool-call-arguments', 0));
    expect(result.finishReason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 26, completion_tokens: 23 + 132, total_tokens: 181 });
  });

  it('google-stream-no-args-tool-call: thoughts as reasoning_content, a call without arguments, three streamed calls', async () => {
    const chunks = chunksOf(await convert(recordedSse('google-stream-no-args-tool-call')));
    const result = accumulate(chunks);
    expect(result.reasoning.startsWith('**Processing User Requests**')).toBe(true);
    expect(result.content).toBe('');
    expect(chunks.some((chunk) => typeof chunk.choices[0]?.delta.content === 'string' && chunk.choices[0].delta.content.includes('Processing'))).toBe(false);
    expect(result.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['read_theme', {}],
      ['read_screen', { id: 'A' }],
      ['read_screen', { id: 'B' }],
      ['read_screen', { id: 'C' }],
    ]);
    expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(4);
    expect(result.toolCalls[0]?.extra_content).toEqual({ google: { thought_signature: signatureOfEvent('google-stream-no-args-tool-call', 1) } });
    expect(result.finishReason).toBe('tool_calls');
  });

  it('google-stream-tool-call-array-arguments-missing-terminal-function-call: nested array arguments, closed by the last fragment', async () => {
    const result = accumulate(chunksOf(await convert(recordedSse('google-stream-tool-call-array-arguments-missing-terminal-function-call'))));
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]?.name).toBe('writeItems');
    expect(JSON.parse(result.toolCalls[0]?.arguments ?? '')).toEqual({
      operations: [
        { action: 'add', description: 'Fresh red apple', itemid: 'apple_001', price: 0.5 },
        { action: 'add', description: 'Ripe yellow banana', itemid: 'banana_001', price: 0.3 },
      ],
    });
    expect(result.finishReason).toBe('tool_calls');
  });

  it('gives the same chunks whatever the byte boundaries, LF or CRLF', async () => {
    const whole = chunksOf(await convert(recordedSse('google-stream-no-args-tool-call')));
    const inSmallPieces = chunksOf(await convert(recordedSse('google-stream-no-args-tool-call'), OPTIONS, 7));
    const withLf = recordedEvents('google-stream-no-args-tool-call').map((event) => `data: ${event}\n\n`).join('');
    const lfInPieces = chunksOf(await convert(withLf, OPTIONS, 3));
    const shape = (chunks: Chunk[]) => JSON.stringify(accumulate(chunks), (key, value) => (key === 'id' ? undefined : value));
    expect(shape(inSmallPieces)).toBe(shape(whole));
    expect(shape(lfInPieces)).toBe(shape(whole));
    expect(inSmallPieces).toHaveLength(whole.length);
  });

  it('without include_usage, no usage chunk', async () => {
    const chunks = chunksOf(await convert(recordedSse('google-text'), { ...OPTIONS, includeUsage: false }));
    expect(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
  });
});

describe('stream behaviour', () => {
  it('writes the chunks of an event as soon as the event is complete, before the stream ends', () => {
    const written: string[] = [];
    const converter = new ChatStreamConverter(OPTIONS, (text) => written.push(text));
    const [first, second] = recordedEvents('google-text');
    const encoder = new TextEncoder();
    converter.push(encoder.encode(`data: ${first}\r\n`));
    expect(written).toEqual([]);
    converter.push(encoder.encode('\r\n'));
    expect(written.map((text) => JSON.parse(text.slice(6)).choices[0].delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'There are **3**' }]);
    converter.push(encoder.encode(`data: ${second}\r\n\r\n`));
    expect(written).toHaveLength(3);
  });

  it('a Gemini error in the stream becomes an OpenAI error event, and nothing follows it', async () => {
    const [first] = recordedEvents('google-text');
    const sse = `data: ${first}\r\n\r\ndata: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\ndata: ${first}\r\n\r\n`;
    const events = await convert(sse);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2] as string)).toEqual({
      error: { message: 'The model is overloaded.', type: 'api_error', code: 'unavailable', param: null },
    });
  });

  it('a stream that ends before Gemini finished ends with an error, not [DONE]', async () => {
    const [first] = recordedEvents('google-text');
    const events = await convert(`data: ${first}\r\n\r\n`);
    expect(events.at(-1)).not.toBe('[DONE]');
    expect(JSON.parse(events.at(-1) as string).error).toMatchObject({ code: 'incomplete_stream', type: 'api_error' });
  });

  it('an event that is not JSON ends the stream with an error', async () => {
    const events = await convert('data: {"candidates": [\r\n\r\n');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0] as string).error.code).toBe('invalid_upstream_event');
  });

  it('a blocked prompt streams a content_filter answer with a message', async () => {
    const blocked = '{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"responseId":"r1"}';
    const chunks = chunksOf(await convert(`data: ${blocked}\r\n\r\n`));
    const result = accumulate(chunks);
    expect(result.content).toContain('PROHIBITED_CONTENT');
    expect(result.finishReason).toBe('content_filter');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 0, total_tokens: 7 });
  });

  it('a candidate stopped by SAFETY with no text says so and finishes with content_filter', async () => {
    const event = '{"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":"SAFETY","index":0}]}';
    const result = accumulate(chunksOf(await convert(`data: ${event}\n\n`)));
    expect(result.content).toContain('SAFETY');
    expect(result.finishReason).toBe('content_filter');
  });

  it('candidates with an index become separate choices (n > 1)', async () => {
    const event = '{"candidates":[{"content":{"parts":[{"text":"a"}]},"index":0,"finishReason":"STOP"},{"content":{"parts":[{"text":"b"}]},"index":1,"finishReason":"MAX_TOKENS"}]}';
    const chunks = chunksOf(await convert(`data: ${event}\n\n`, { ...OPTIONS, includeUsage: false }));
    const byChoice = (index: number) => chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.index === index));
    expect(byChoice(0).map((choice) => [choice.delta.content ?? null, choice.finish_reason])).toEqual([['', null], ['a', null], [null, 'stop']]);
    expect(byChoice(1).map((choice) => [choice.delta.content ?? null, choice.finish_reason])).toEqual([['', null], ['b', null], [null, 'length']]);
  });
});

describe('convertChatStream (the handler path)', () => {
  it('converts the whole recorded stream', async () => {
    const upstream = new Response(recordedSse('google-tool-call-gemini3')).body as ReadableStream<Uint8Array>;
    const chunks = chunksOf(parseOpenAIEvents(await new Response(convertChatStream(upstream, OPTIONS)).text()));
    expect(accumulate(chunks).toolCalls[0]?.name).toBe('weather');
  });

  it('a broken upstream connection ends with an error event the client can read', async () => {
    const [first] = recordedEvents('google-text');
    let sent = false;
    const upstream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) {
          controller.error(new TypeError('terminated'));
          return;
        }
        sent = true;
        controller.enqueue(new TextEncoder().encode(`data: ${first}\r\n\r\ndata: {"candi`));
      },
    });
    const events = parseOpenAIEvents(await new Response(convertChatStream(upstream, OPTIONS)).text());
    expect(JSON.parse(events[1] as string).choices[0].delta).toEqual({ content: 'There are **3**' });
    expect(JSON.parse(events.at(-1) as string).error).toMatchObject({ code: 'upstream_disconnected', message: expect.stringContaining('terminated') });
  });

  it('cancelling the client stream cancels the upstream', async () => {
    let cancelled: unknown;
    const upstream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`data: ${recordedEvents('google-text')[0]}\n\n`));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = convertChatStream(upstream, OPTIONS).getReader();
    await reader.read();
    await reader.cancel('client left');
    expect(cancelled).toBe('client left');
  });
});
