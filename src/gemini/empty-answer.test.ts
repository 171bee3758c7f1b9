import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/support/fixtures.ts';
import { convertChatStream } from '../faces/openai/convert-chat-stream.ts';
import { eventHasContent, isBlankAnswer, sendUntilNotBlank, takeHeldReader } from './empty-answer.ts';

const blank = { candidates: [{ content: { role: 'model' }, finishReason: 'STOP' }] };

describe('isBlankAnswer', () => {
  it.each([
    ['no parts, STOP', blank, true],
    ['an empty text part only', { candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }] }, true],
    ['thoughts only', { candidates: [{ content: { parts: [{ text: 'hmm', thought: true }] }, finishReason: 'STOP' }] }, true],
    ['MALFORMED_FUNCTION_CALL', { candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL' }] }, true],
    ['OTHER', { candidates: [{ finishReason: 'OTHER' }] }, true],
    ['a recorded answer', JSON.parse(readFixture('google-text.json')), false],
    ['a function call', JSON.parse(readFixture('google-tool-call.json')), false],
    ['a safety stop (the answer to pass on)', { candidates: [{ finishReason: 'SAFETY' }] }, false],
    ['MAX_TOKENS', { candidates: [{ finishReason: 'MAX_TOKENS' }] }, false],
    ['a blocked prompt (no candidates)', { promptFeedback: { blockReason: 'SAFETY' } }, false],
  ])('%s → %s', (_name, answer, expected) => {
    expect(isBlankAnswer(answer)).toBe(expected);
  });

  it('a stream event with a thought has content; one with only a signature does not', () => {
    expect(eventHasContent({ candidates: [{ content: { parts: [{ text: 'hmm', thought: true }] } }] })).toBe(true);
    expect(eventHasContent({ candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'c2ln' }] } }] })).toBe(false);
  });
});

describe('sendUntilNotBlank', () => {
  const answers = (...bodies: unknown[]) => {
    let sent = 0;
    return { send: async () => ({ response: Response.json(bodies[Math.min(sent++, bodies.length - 1)]), key: `k${sent}` }), sent: () => sent };
  };

  it('asks again until the answer says something, and passes on that answer', async () => {
    const text = JSON.parse(readFixture('google-text.json'));
    const upstream = answers(blank, blank, text);
    const { response, key } = await sendUntilNotBlank(upstream.send, false, 2);
    expect(await response.json()).toEqual(text);
    expect(key).toBe('k3');
  });

  it('asks a silent stream again, but passes on at once one that says why it is silent', async () => {
    const sse = (event: unknown) => new Response(`data: ${JSON.stringify(event)}\r\n\r\n`, { headers: { 'content-type': 'text/event-stream' } });
    for (const [event, sends] of [
      [{ candidates: [{ content: { role: 'model' }, finishReason: 'STOP' }] }, 3],
      [{ candidates: [{ finishReason: 'SAFETY' }] }, 1],
      [{ candidates: [{ finishReason: 'MAX_TOKENS' }] }, 1],
      [{ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, 1],
    ] as const) {
      let sent = 0;
      const { response } = await sendUntilNotBlank(async () => ({ response: sse(event), key: `k${++sent}` }), true, 2);
      expect(await response.text()).toContain(JSON.stringify(event));
      expect(sent).toBe(sends);
    }
  });

  it('passes on the last blank answer once the retries are spent, and errors at once', async () => {
    const upstream = answers(blank);
    const { response } = await sendUntilNotBlank(upstream.send, false, 2);
    expect(await response.json()).toEqual(blank);
    expect(upstream.sent()).toBe(3);
    let errors = 0;
    const failing = async () => ({ response: Response.json({ error: { code: 400 } }, { status: 400 }), key: `e${++errors}` });
    expect((await sendUntilNotBlank(failing, false, 2)).response.status).toBe(400);
    expect(errors).toBe(1);
  });
});

describe('a checked stream read in JS', () => {
  const encode = (event: unknown) => new TextEncoder().encode(`data: ${JSON.stringify(event)}\r\n\r\n`);
  const first = { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }] };
  const last = { candidates: [{ content: { role: 'model', parts: [{ text: ' there' }] }, finishReason: 'STOP' }] };
  /** A Gemini stream that has sent its first event, and sends the rest when told. */
  const openStream = () => {
    let upstream!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (upstream = controller) });
    upstream.enqueue(encode(first));
    const finish = () => {
      upstream.enqueue(encode(last));
      upstream.close();
    };
    return { send: async () => ({ response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }), key: 'k1' }), finish };
  };

  it('hands the converter the pieces it read and its reader, and the first event reaches the client before the next arrives', async () => {
    const gemini = openStream();
    const { response } = await sendUntilNotBlank(gemini.send, true, 2, undefined, { wholeEvents: false });
    const events = convertChatStream(response.body!, { model: 'gemini-2.5-flash', includeUsage: false }).getReader();
    const firstChunk = new TextDecoder().decode((await events.read()).value);
    expect(firstChunk).toContain('"content":"Hello"');
    expect(response.body!.locked).toBe(true); // the converter took the reader, not the stream around it
    gemini.finish();
    let rest = '';
    for (let result = await events.read(); !result.done; result = await events.read()) rest += new TextDecoder().decode(result.value);
    expect(rest).toContain('"content":" there"');
    expect(rest).toContain('data: [DONE]');
  });

  it('is still a whole stream for any other reader, and its reader is taken once only', async () => {
    const gemini = openStream();
    const { response } = await sendUntilNotBlank(gemini.send, true, 2, undefined, { wholeEvents: false });
    gemini.finish();
    expect(await response.text()).toBe(new TextDecoder().decode(new Uint8Array([...encode(first), ...encode(last)])));
    expect(takeHeldReader(response.body!)).toBeUndefined();
  });
});
