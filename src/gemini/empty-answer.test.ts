import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/support/fixtures.ts';
import { eventHasContent, isBlankAnswer, sendUntilNotBlank } from './empty-answer.ts';

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
