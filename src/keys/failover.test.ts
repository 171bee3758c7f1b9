import { beforeEach, describe, expect, it } from 'vitest';
import { UpstreamUnreachableError } from '../http/fetch-upstream.ts';
import { fetchWithFailover } from './failover.ts';
import { KeyHealth } from './key-health.ts';

let health: KeyHealth;
beforeEach(() => {
  health = new KeyHealth();
});

const quota = () =>
  Response.json({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' }] } }, { status: 429 });
const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });
const invalidKey = () => Response.json({ error: { code: 400, message: 'API key not valid.', details: [errorInfo('API_KEY_INVALID')] } }, { status: 400 });
const suspended = () => Response.json({ error: { code: 403, message: 'Permission denied: Consumer has been suspended.', details: [errorInfo('CONSUMER_SUSPENDED')] } }, { status: 403 });
const leaked = () => Response.json({ error: { code: 403, message: 'Your API key was reported as leaked. Please use another API key.', status: 'PERMISSION_DENIED' } }, { status: 403 });

function upstream(answers: Record<string, () => Response>) {
  const tried: string[] = [];
  const attempt = async (key: string) => {
    tried.push(key);
    const answer = answers[key];
    if (!answer) throw new UpstreamUnreachableError(`no route to ${key}`);
    return answer();
  };
  return { tried, attempt };
}

describe('fetchWithFailover', () => {
  it('moves on from quota, invalid, refused, 5xx and unreachable keys to one that works', async () => {
    const { tried, attempt } = upstream({
      quota,
      invalid: invalidKey,
      refused: suspended,
      leaked,
      overloaded: () => new Response('{}', { status: 503 }),
      good: () => new Response('ok'),
    });
    const keys = ['quota', 'invalid', 'refused', 'leaked', 'overloaded', 'unreachable', 'good'];
    const { response, key } = await fetchWithFailover(health, keys, attempt);
    expect(key).toBe('good');
    expect(await response.text()).toBe('ok');
    expect(tried.at(-1)).toBe('good');
  });

  it('answers with the last real failure when every key fails, not with a lost connection', async () => {
    const { attempt } = upstream({ a: quota, b: quota });
    const { response } = await fetchWithFailover(health, ['a', 'unreachable', 'b'], attempt);
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('quota');
  });

  it('throws the network error when no key got an answer', async () => {
    const { attempt } = upstream({});
    await expect(fetchWithFailover(health, ['x', 'y'], attempt)).rejects.toBeInstanceOf(UpstreamUnreachableError);
  });

  it('returns a bad request at once: another key would get the same answer', async () => {
    const badRequest = () => Response.json({ error: { code: 400, message: 'Invalid JSON payload' } }, { status: 400 });
    const { tried, attempt } = upstream({ a: badRequest, b: badRequest });
    const { response } = await fetchWithFailover(health, ['a', 'b'], attempt);
    expect(response.status).toBe(400);
    expect(tried).toHaveLength(1);
  });

  it.each([
    ['a 403 about a resource, not the key', () => Response.json({ error: { code: 403, message: 'You do not have permission to access the File abc or it may not exist.', status: 'PERMISSION_DENIED' } }, { status: 403 })],
    ['a 400 that only quotes API_KEY_INVALID', () => Response.json({ error: { code: 400, message: 'Invalid JSON payload received. Unknown name "API_KEY_INVALID": Cannot find field.' } }, { status: 400 })],
  ])('returns %s at once, and keeps the key in turn', async (_, answer) => {
    const { tried, attempt } = upstream({ a: answer, b: answer });
    const { response } = await fetchWithFailover(health, ['a', 'b'], attempt);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(tried).toHaveLength(1);
    // Not cooled down: the next two requests still go to both keys.
    const next = upstream({ a: () => new Response('ok'), b: () => new Response('ok') });
    await fetchWithFailover(health, ['a', 'b'], next.attempt);
    await fetchWithFailover(health, ['a', 'b'], next.attempt);
    expect(new Set(next.tried)).toEqual(new Set(['a', 'b']));
  });

  it('does not send a request with side effects again after a 5xx or a lost connection', async () => {
    const overloaded = upstream({ a: () => new Response('{}', { status: 503 }), b: () => new Response('{}', { status: 503 }) });
    const answer = await fetchWithFailover(health, ['a', 'b'], overloaded.attempt, { retryUpstreamFailures: false });
    expect(answer.response.status).toBe(503);
    expect(overloaded.tried).toHaveLength(1);
    const lost = upstream({});
    await expect(fetchWithFailover(health, ['x', 'y'], lost.attempt, { retryUpstreamFailures: false })).rejects.toBeInstanceOf(UpstreamUnreachableError);
    expect(lost.tried).toHaveLength(1);
    const quotaFirst = upstream({ a: quota, b: quota });
    await fetchWithFailover(health, ['a', 'b'], quotaFirst.attempt, { retryUpstreamFailures: false });
    expect(quotaFirst.tried).toHaveLength(2);
  });

  it('tries only the key that recovers soonest when every key is cooling down', async () => {
    const exhausted = upstream({ a: quota, b: quota, c: quota });
    await fetchWithFailover(health, ['a', 'b', 'c'], exhausted.attempt, { retryUpstreamFailures: true, model: 'gemini-2.5-pro' });
    expect(exhausted.tried).toHaveLength(3);
    const again = upstream({ a: quota, b: quota, c: quota });
    const { response } = await fetchWithFailover(health, ['a', 'b', 'c'], again.attempt, { retryUpstreamFailures: true, model: 'gemini-2.5-pro' });
    expect(response.status).toBe(429);
    expect(again.tried).toHaveLength(1);
    // Another model's quota is its own: all three keys are tried again for it.
    const otherModel = upstream({ a: quota, b: quota, c: () => new Response('ok') });
    const { key } = await fetchWithFailover(health, ['a', 'b', 'c'], otherModel.attempt, { retryUpstreamFailures: true, model: 'gemini-2.5-flash' });
    expect(key).toBe('c');
  });

  it('tries at most eight keys', async () => {
    const { tried, attempt } = upstream(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, quota])));
    await fetchWithFailover(health, Array.from({ length: 12 }, (_, i) => `k${i}`), attempt);
    expect(tried).toHaveLength(8);
  });

  it('leaves a single key alone: its answer, whatever it is, goes back as it came', async () => {
    const { tried, attempt } = upstream({ only: quota });
    const { response } = await fetchWithFailover(health, ['only'], attempt);
    expect(response.status).toBe(429);
    expect(tried).toEqual(['only']);
  });
});
