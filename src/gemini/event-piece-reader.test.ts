import { describe, expect, it } from 'vitest';
import { pieceReaderOf } from './event-piece-reader.ts';

const encoder = new TextEncoder();
const event = (n: number) => encoder.encode(`data: {"candidates":[{"content":{"parts":[{"text":"word ${n}"}],"role":"model"},"index":0}]}\r\n\r\n`);
/** A byte stream like a fetch body, fed by hand. */
function byteStream() {
  let controller!: ReadableByteStreamController;
  const stream = new ReadableStream({ type: 'bytes', start: (c) => void (controller = c) });
  /** As a fetch body ends: a read waiting for room it was given is answered with nothing. */
  const end = () => {
    controller.close();
    controller.byobRequest?.respond(0);
  };
  return { stream: stream as ReadableStream<Uint8Array>, controller, end };
}
/** Lets everything already queued run, so that a read that could resolve has. */
const turn = () => new Promise((resolve) => setImmediate(resolve));
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('pieceReaderOf', () => {
  it('reads an event that arrives in two pieces (as workerd hands them over) in one read', async () => {
    const { stream, controller } = byteStream();
    const reader = pieceReaderOf(stream, true);
    const first = event(1);
    let settled = false;
    const read = reader.read().then((result) => ((settled = true), result));
    controller.enqueue(first.slice(0, 28));
    await turn();
    expect(settled).toBe(false);
    controller.enqueue(first.slice(28));
    expect(text((await read).value)).toBe(text(first));
  });

  it('hands over what has arrived when a read begins inside an event, and never waits for the next event', async () => {
    const { stream, controller } = byteStream();
    const reader = pieceReaderOf(stream, true);
    const whole = event(2);
    controller.enqueue(whole.slice(0, 70));
    expect(text((await reader.read()).value)).toBe(text(whole.slice(0, 70)));
    const rest = reader.read();
    controller.enqueue(whole.slice(70, 75));
    expect(text((await rest).value)).toBe(text(whole.slice(70, 75)));
  });

  it('ends where the stream ends', async () => {
    const { stream, controller, end } = byteStream();
    const reader = pieceReaderOf(stream, true);
    controller.enqueue(event(3));
    expect(text((await reader.read()).value)).toBe(text(event(3)));
    const last = reader.read();
    end();
    expect(await last).toEqual({ done: true, value: undefined });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('is a plain reader where the platform does not read events whole', async () => {
    const { stream, controller } = byteStream();
    const reader = pieceReaderOf(stream, false);
    controller.enqueue(event(4).slice(0, 28));
    expect((await reader.read()).value?.byteLength).toBe(28);
  });

  it('reads a stream that is not a byte stream as it comes', async () => {
    const pieces = [encoder.encode('data: {"a":'), encoder.encode('1}\n\n')];
    const reader = pieceReaderOf(new ReadableStream<Uint8Array>({ pull: (c) => (pieces.length ? c.enqueue(pieces.shift()!) : c.close()) }), true);
    expect(text((await reader.read()).value)).toBe('data: {"a":');
    expect(text((await reader.read()).value)).toBe('1}\n\n');
    expect((await reader.read()).done).toBe(true);
  });
});
