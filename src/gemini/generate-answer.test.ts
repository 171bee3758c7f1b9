import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { ProxyError } from '../errors.ts';
import { openAIFace } from '../faces/openai/openai-face.ts';
import { KeyHealth } from '../keys/key-health.ts';
import type { RequestContext } from '../request-context.ts';
import { WEB_STANDARD_SERVICES } from '../services.ts';
import { answerWhenReady, assembleStream } from './generate-answer.ts';

function context(keepAliveAfterMs: number): RequestContext {
  return {
    url: new URL('https://proxy.example/v1/chat/completions'),
    config: readConfig({}),
    services: WEB_STANDARD_SERVICES,
    face: openAIFace,
    signal: new AbortController().signal,
    keyHealth: new KeyHealth(),
    keepAliveAfterMs,
  };
}

function sse(...events: string[]): Response {
  return new Response(events.map((event) => `data: ${event}\r\n\r\n`).join(''), { headers: { 'content-type': 'text/event-stream' } });
}

describe('answerWhenReady', () => {
  it('without keep-alive: the JSON when ready, and an error keeps its status', async () => {
    const ready = await answerWhenReady(context(0), Promise.resolve({ ok: true }));
    expect(await ready.json()).toEqual({ ok: true });
    await expect(answerWhenReady(context(0), Promise.reject(new ProxyError(429, 'slow down', 'resource_exhausted')))).rejects.toMatchObject({ status: 429 });
  });

  it('with keep-alive: 200 at once, whitespace while waiting, then the JSON — still valid JSON', async () => {
    let finish!: (value: unknown) => void;
    const response = await answerWhenReady(context(1), new Promise((resolve) => (finish = resolve)));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(' ');
    finish({ answer: 42 });
    let text = ' ';
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += new TextDecoder().decode(next.value);
    expect(JSON.parse(text)).toEqual({ answer: 42 });
  });

  it('with keep-alive: an error after the 200 becomes its body, in the face\'s shape', async () => {
    const response = await answerWhenReady(context(60_000), Promise.reject(new ProxyError(502, 'The connection broke off.', 'upstream_disconnected')));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: { message: 'The connection broke off.', type: 'api_error', code: 'upstream_disconnected', param: null } });
  });
});

describe('assembleStream', () => {
  it('throws the Gemini error an event carries, keys masked', async () => {
    const key = 'AIzaSyAssemble0000000000000000000000001';
    const failure = assembleStream(sse('{"candidates":[{"content":{"parts":[{"text":"Hi"}]}}]}', JSON.stringify({ error: { code: 503, message: `overloaded for ${key}`, status: 'UNAVAILABLE' } })), [key]);
    await expect(failure).rejects.toMatchObject({ status: 503, code: 'unavailable', message: 'overloaded for AIzaSy…0001' });
  });

  it('throws a broken stream as upstream_disconnected', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"candidates":[]}\n\n'));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(assembleStream(new Response(body), [])).rejects.toMatchObject({ status: 502, code: 'upstream_disconnected' });
  });
});
