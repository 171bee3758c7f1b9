import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, BodyUnreadableError, readRequestBody } from './read-request-body.ts';

function streamedRequest(chunks: string[]): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Request('https://proxy.example/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readRequestBody', () => {
  it('reads a streamed body whole, so that it can be sent again', async () => {
    const body = await readRequestBody(streamedRequest(['ab', 'cd', 'e']), 10);
    expect(new TextDecoder().decode(body!)).toBe('abcde');
  });

  it('refuses a body over the limit, declared or not', async () => {
    await expect(readRequestBody(streamedRequest(['123456', '789012']), 10)).rejects.toBeInstanceOf(BodyTooLargeError);
    const declared = new Request('https://proxy.example/', { method: 'POST', body: 'x'.repeat(11) });
    await expect(readRequestBody(declared, 10)).rejects.toThrow(/MAX_REQUEST_BODY_MB/);
  });

  it('takes a small body of declared length whole', async () => {
    const declared = new Request('https://proxy.example/', { method: 'POST', body: 'hello', headers: { 'content-length': '5' } });
    expect(new TextDecoder().decode((await readRequestBody(declared, 10))!)).toBe('hello');
  });

  it('says the body could not be read when the connection breaks off midway', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.error(new Error('aborted'));
      },
    });
    const request = new Request('https://proxy.example/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await expect(readRequestBody(request, 10)).rejects.toBeInstanceOf(BodyUnreadableError);
  });

  it('has nothing to read for a request without a body', async () => {
    expect(await readRequestBody(new Request('https://proxy.example/'), 10)).toBeNull();
  });
});
