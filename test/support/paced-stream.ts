import type { FakeGemini } from './fake-gemini.ts';

/**
 * Paces the fake upstream's stream by the client: event n leaves the upstream only once the client
 * has event n-1. A proxy that held events back would deadlock; the fallback only breaks that
 * deadlock, so that the recorded order shows the failure instead of a time-out.
 */
export function paceStreamByClient(fake: FakeGemini, chunks: string[], fallbackMs = 5000) {
  const order: string[] = [];
  const received = chunks.map(() => deferred());
  fake.streamChunks = chunks;
  fake.onStreamEventSent = (index) => order.push(`sent ${index}`);
  fake.streamGate = (index) => Promise.race([received[index - 1]!.promise, fallbackAfter(fallbackMs)]);
  return {
    order,
    /** What a proxy that passes each event on at once produces. */
    expectedOrder: chunks.flatMap((_, index) => [`sent ${index}`, `received ${index}`]),
    clientReceived(index: number): void {
      order.push(`received ${index}`);
      received[index]?.resolve();
    },
    stop(): void {
      fake.streamGate = undefined;
      fake.onStreamEventSent = undefined;
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function fallbackAfter(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
