import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signatureFromCallId } from '../../gemini/thought-signature.ts';
import { convertResponsesStream, type ResponsesStreamOptions } from './convert-responses-stream.ts';
import { signatureOfEncryptedContent } from './reasoning-signature.ts';

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);
const OPTIONS: ResponsesStreamOptions = { model: 'gemini-3-pro-preview', toolNames: new Map(), includeEncryptedReasoning: true, parallelToolCalls: true, createdAt: 1700000000 };

type Event = { type: string; sequence_number: number } & Record<string, any>;

function recordedSse(name: string): string {
  return readFileSync(new URL(`${name}.chunks.txt`, RECORDINGS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((event) => `data: ${event}\r\n\r\n`)
    .join('');
}

function sseOf(events: unknown[]): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
}

function sourceOf(text: string, error?: Error): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (error) controller.error(error);
      else controller.close();
    },
  });
}

/** The events of a Responses stream: each `event:` line names the `type` of its `data:`. */
function parseEvents(text: string): Event[] {
  expect(text.endsWith('\n\n')).toBe(true);
  const events = text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const event = JSON.parse(dataLine!.slice('data: '.length)) as Event;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  return events;
}

async function convert(sse: string, options: ResponsesStreamOptions = OPTIONS, error?: Error): Promise<Event[]> {
  return parseEvents(await new Response(convertResponsesStream(sourceOf(sse, error), options)).text());
}

describe('convertResponsesStream', () => {
  it('streams a text answer with the documented events, in order, and completes with the whole response', async () => {
    const events = await convert(recordedSse('google-text'));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const deltas = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta).join('');
    expect(deltas).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    const completed = events.at(-1)!.response;
    expect(completed).toMatchObject({ status: 'completed', output_text: deltas, usage: { input_tokens: 9, total_tokens: 217 } });
    expect(completed.id).toBe(events[0]!.response.id);
    expect(events[0]!.response).toMatchObject({ status: 'in_progress', output: [] });
  });

  it('streams thoughts as a reasoning summary, and a Gemini 3 call with its signature in the reasoning item and the call id', async () => {
    const signature = 'c2lnbmF0dXJl';
    const events = await convert(
      sseOf([
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking ', thought: true }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ text: 'more.', thought: true }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: signature }] }, finishReason: 'STOP' }] },
      ]),
    );
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const [reasoning, call] = events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item);
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Thinking more.' }]);
    expect(signatureOfEncryptedContent(reasoning.encrypted_content)).toBe(signature);
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(signatureFromCallId(call.call_id)).toBe(signature);
    expect(events[9]!.item).toMatchObject({ type: 'function_call', arguments: '', status: 'in_progress', call_id: call.call_id });
  });

  it('assembles a call whose arguments Gemini streams in parts', async () => {
    const events = await convert(recordedSse('google-stream-tool-call-arguments'));
    const done = events.find((event) => event.type === 'response.function_call_arguments.done')!;
    expect(done.name).toBe('getWeather');
    expect(JSON.parse(done.arguments)).toEqual(expect.any(Object));
    expect(Object.keys(JSON.parse(done.arguments)).length).toBeGreaterThan(0);
    expect(events.at(-1)!.type).toBe('response.completed');
  });

  it('streams a custom tool call as its input', async () => {
    const options = { ...OPTIONS, toolNames: new Map([['apply_patch', { kind: 'custom' as const, name: 'apply_patch' }]]) };
    const events = await convert(sseOf([{ candidates: [{ content: { parts: [{ functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' } } }] }, finishReason: 'STOP' }] }]), options);
    expect(events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: '*** Begin Patch' });
    expect(events.at(-1)!.response.output).toMatchObject([{ type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch' }]);
  });

  it('ends with response.incomplete when Gemini stopped at max tokens', async () => {
    const events = await convert(sseOf([{ candidates: [{ content: { parts: [{ text: 'Part' }] }, finishReason: 'MAX_TOKENS' }] }]));
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('ends with error (the proxy\'s code) and response.failed (OpenAI\'s code) on a Gemini error event, a stream cut short, or a broken connection', async () => {
    const geminiError = await convert(
      sseOf([{ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] }, { error: { code: 429, message: 'Quota for key AIzaSyStreamKey0000000000000000000000001 exceeded', status: 'RESOURCE_EXHAUSTED' } }]),
      { ...OPTIONS, usedKeys: ['AIzaSyStreamKey0000000000000000000000001'] },
    );
    expect(geminiError.slice(-2)).toMatchObject([
      { type: 'error', code: 'resource_exhausted' },
      { type: 'response.failed', response: { status: 'failed', error: { code: 'rate_limit_exceeded' } } },
    ]);
    expect(JSON.stringify(geminiError)).not.toContain('AIzaSyStreamKey0000000000000000000000001');

    const cut = await convert(sseOf([{ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] }]));
    expect(cut.slice(-2)).toMatchObject([{ type: 'error', code: 'incomplete_stream' }, { type: 'response.failed', response: { error: { code: 'server_error' } } }]);

    const broken = await convert(sseOf([{ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] }]), OPTIONS, new TypeError('terminated'));
    expect(broken.slice(-2)).toMatchObject([{ type: 'error', code: 'upstream_disconnected' }, { type: 'response.failed', response: { error: { code: 'server_error' } } }]);
  });

  it('sends response.created before the first upstream read, and each upstream event before the next one arrives', async () => {
    let pulls = 0;
    const chunks = [{ candidates: [{ content: { parts: [{ text: 'one' }] } }] }, { candidates: [{ content: { parts: [{ text: 'two' }] }, finishReason: 'STOP' }] }];
    // Like Gemini paced by its client: each event after the first is produced only once the client has the one before.
    let clientHasPrevious = () => {};
    const upstream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = chunks[pulls++];
        if (pulls > 1) await new Promise<void>((resolve) => (clientHasPrevious = resolve));
        if (chunk) controller.enqueue(new TextEncoder().encode(sseOf([chunk])));
        else controller.close();
      },
    }, { highWaterMark: 0 });
    const reader = convertResponsesStream(upstream, OPTIONS).getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain('event: response.created');
    expect(pulls).toBe(0);
    const second = decoder.decode((await reader.read()).value);
    expect(second).toContain('"delta":"one"');
    expect(second).not.toContain('"delta":"two"');
    clientHasPrevious();
    const third = decoder.decode((await reader.read()).value);
    expect(third).toContain('"delta":"two"');
    await reader.cancel();
  });
});
