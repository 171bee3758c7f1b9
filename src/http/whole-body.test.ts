import { describe, expect, it } from 'vitest';
import { bodyToPassOn, responseWithWholeBody } from './whole-body.ts';

describe('answers read whole', () => {
  it('are passed on as their bytes, with the status and headers of the answer they were read from', async () => {
    const bytes = new TextEncoder().encode('{"candidates":[]}');
    const answer = new Response('ignored', { status: 201, statusText: 'Made', headers: { 'content-type': 'application/json', 'x-goog-test': '1' } });
    const rebuilt = responseWithWholeBody(bytes, answer);
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.statusText).toBe('Made');
    expect(rebuilt.headers.get('x-goog-test')).toBe('1');
    expect(bodyToPassOn(rebuilt)).toBe(bytes);
    expect(await rebuilt.text()).toBe('{"candidates":[]}');
  });

  it('leave every other answer to its stream', () => {
    const streamed = new Response('data: {}\n\n');
    expect(bodyToPassOn(streamed)).toBe(streamed.body);
    expect(bodyToPassOn(new Response(null, { status: 204 }))).toBeNull();
  });
});
