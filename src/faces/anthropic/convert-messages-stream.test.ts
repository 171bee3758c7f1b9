import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import { convertMessagesStream, MessagesStreamConverter, type MessagesStreamOptions } from './convert-messages-stream.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);
const OPTIONS: MessagesStreamOptions = { model: 'claude-sonnet-4-5', thinking: true };

interface Event {
  type: string;
  index?: number;
  content_block?: Record<string, unknown>;
  delta?: Record<string, unknown>;
  usage?: Record<string, unknown>;
  error?: { type: string; message: string };
}

function recordedEvents(name: string): string[] {
  return readFileSync(new URL(`${name}.chunks.txt`, RECORDINGS), 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** Thoughts, then the answer: its first part carries the signature (and ends the thoughts), its last an empty one. */
const THINKING_THEN_TEXT = [
  { candidates: [{ content: { parts: [{ text: 'Let me ', thought: true }] } }] },
  { candidates: [{ content: { parts: [{ text: 'think.', thought: true }] } }] },
  { candidates: [{ content: { parts: [{ text: 'Hello', thoughtSignature: 'T04tVEVYVA==' }] } }] },
  { candidates: [{ content: { parts: [{ text: ' there.' }, { text: '', thoughtSignature: 'TEFTVA==' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 9, cachedContentTokenCount: 2, candidatesTokenCount: 4, thoughtsTokenCount: 8 } },
].map((event) => JSON.stringify(event));

const asSse = (events: string[]) => events.map((event) => `data: ${event}\r\n\r\n`).join('');

function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
      controller.close();
    },
  });
}

/** Anthropic's SSE: every event an `event:` line naming its type, then its `data:` line, then a blank line. */
function parseEvents(text: string): Event[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      const event = JSON.parse(dataLine!.slice('data: '.length)) as Event;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

async function convert(pieces: string[], options = OPTIONS): Promise<Event[]> {
  return parseEvents(await new Response(convertMessagesStream(bodyOf(pieces), options)).text());
}

const describeEvent = (event: Event) => (event.type === 'content_block_delta' ? String(event.delta!.type) : event.type === 'content_block_start' ? `start ${String(event.content_block!.type)}` : event.type);

/** Every block opened is closed before the next one opens, and its events carry its index. */
function expectNoInterleaving(events: Event[]): void {
  let open: number | undefined;
  let next = 0;
  for (const event of events) {
    if (event.type === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(event.index).toBe(next++);
      open = event.index;
    } else if (event.type === 'content_block_delta') {
      expect(event.index).toBe(open);
    } else if (event.type === 'content_block_stop') {
      expect(event.index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
}

describe('convertMessagesStream', () => {
  it("follows Anthropic's order: message_start and ping, each block's start, deltas and stop, message_delta with the usage, message_stop", async () => {
    const events = await convert([asSse(THINKING_THEN_TEXT)]);
    expect(events.map(describeEvent)).toEqual([
      'message_start', 'ping',
      'start thinking', 'thinking_delta', 'thinking_delta', 'signature_delta', 'content_block_stop',
      'start text', 'text_delta', 'text_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expectNoInterleaving(events);
    expect(events[0]).toMatchObject({ message: { type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null } });
    expect(events.find((event) => event.delta?.type === 'signature_delta')!.delta!.signature).toBe('gemini:T04tVEVYVA==');
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 7, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 2 },
    });
  });

  it("adds no block after the answer's text: Gemini 3's last signature is left out, as Claude Code prints only the last block", async () => {
    const events = await convert([asSse(recordedEvents('google-text'))]);
    expect(events.map(describeEvent)).toEqual(['message_start', 'ping', 'start text', 'text_delta', 'text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events.at(-2)).toMatchObject({ usage: { input_tokens: 9, output_tokens: 23 + 185 } });
  });

  it('puts a signature that comes with the first text in a thinking block before it, only when thinking was asked for', async () => {
    const signedText = [JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hi', thoughtSignature: 'U0lH' }] }, finishReason: 'STOP' }] })];
    expect((await convert([asSse(signedText)])).map(describeEvent)).toEqual(['message_start', 'ping', 'start thinking', 'signature_delta', 'content_block_stop', 'start text', 'text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect((await convert([asSse(signedText)], { ...OPTIONS, thinking: false })).map(describeEvent)).toEqual(['message_start', 'ping', 'start text', 'text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('streams thoughts and calls sent in pieces as blocks that never interleave, each call with its whole input', async () => {
    const events = await convert([asSse(recordedEvents('google-stream-no-args-tool-call'))]);
    expectNoInterleaving(events);
    const starts = events.filter((event) => event.type === 'content_block_start').map((event) => event.content_block!);
    expect(starts.map((block) => block.type === 'tool_use' ? block.name : block.type)).toEqual(['thinking', 'read_theme', 'read_screen', 'read_screen', 'read_screen']);
    const inputs = events.filter((event) => event.delta?.type === 'input_json_delta').map((event) => JSON.parse(String(event.delta!.partial_json)) as unknown);
    expect(inputs).toEqual([{}, { id: 'A' }, { id: 'B' }, { id: 'C' }]);
    // The signature came with the first call: on the thinking block before it, and in the call's id.
    const signature = events.find((event) => event.delta?.type === 'signature_delta')!.delta!.signature as string;
    expect(signature.startsWith('gemini:AY89a18a8')).toBe(true);
    expect(signatureFromCallId(String(starts[1]!.id))).toBe(signature.slice('gemini:'.length));
    expect(new Set(starts.slice(1).map((block) => block.id)).size).toBe(4);
    expect(events.at(-2)!.delta).toMatchObject({ stop_reason: 'tool_use' });
  });

  it('ends with an error event for a Gemini error in the stream, for a stream cut short, and for a broken connection', async () => {
    const overloaded = await convert([asSse([recordedEvents('google-text')[0]!, JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })])]);
    expect(overloaded.map(describeEvent)).toEqual(['message_start', 'ping', 'start text', 'text_delta', 'error']);
    expect(overloaded.at(-1)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'The model is overloaded.' } });

    const cut = await convert([asSse(recordedEvents('google-text').slice(0, 1))]);
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('ended before the answer was complete') } });

    let pulls = 0;
    const breaking = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode(asSse(recordedEvents('google-text').slice(0, 1))));
        else controller.error(new TypeError('socket hang up'));
      },
    });
    const broken = parseEvents(await new Response(convertMessagesStream(breaking, OPTIONS)).text());
    expect(broken.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('broke off') } });
  });

  it('answers a prompt Gemini blocked with a refusal', async () => {
    const events = await convert([asSse([JSON.stringify({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 4 } })])]);
    expect(events.find((event) => event.delta?.type === 'text_delta')!.delta!.text).toContain('PROHIBITED_CONTENT');
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'refusal' }, usage: { input_tokens: 4 } });
  });
});

describe('MessagesStreamConverter', () => {
  it('opens with message_start and a ping, and writes what each Gemini event produced before the next one is pushed', () => {
    const written: string[] = [];
    const converter = new MessagesStreamConverter(OPTIONS, (text) => written.push(text));
    expect(parseEvents(written.join('')).map(describeEvent)).toEqual(['message_start', 'ping']);
    const [first, second] = recordedEvents('google-text');
    converter.push(new TextEncoder().encode(`data: ${first}\r\n\r\n`));
    expect(parseEvents(written.join('')).map(describeEvent)).toEqual(['message_start', 'ping', 'start text', 'text_delta']);
    converter.push(new TextEncoder().encode(`data: ${second}\r\n\r\n`));
    expect(parseEvents(written.join('')).map(describeEvent)).toEqual(['message_start', 'ping', 'start text', 'text_delta', 'text_delta']);
  });
});

describe('pings', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a ping every interval while Gemini sends nothing, and none once it has answered', async () => {
    vi.useFakeTimers();
    let upstream!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (upstream = controller) });
    const reader = convertMessagesStream(body, { ...OPTIONS, pingIntervalMs: 1000 }).getReader();
    const decode = (chunk: Uint8Array | undefined) => parseEvents(new TextDecoder().decode(chunk)).map(describeEvent);

    expect(decode((await reader.read()).value)).toEqual(['message_start', 'ping']);
    const waiting = reader.read();
    await vi.advanceTimersByTimeAsync(2500);
    expect(decode((await waiting).value)).toEqual(['ping']);
    expect(decode((await reader.read()).value)).toEqual(['ping']);

    upstream.enqueue(new TextEncoder().encode(asSse(recordedEvents('google-text'))));
    upstream.close();
    const rest: string[] = [];
    for (let result = await reader.read(); !result.done; result = await reader.read()) rest.push(...decode(result.value));
    expect(rest).toEqual(['start text', 'text_delta', 'text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
