import { beforeEach, describe, expect, it } from 'vitest';
import { UpstreamUnreachableError } from '../../src/http/fetch-upstream.ts';
import { fetchWithFailover } from '../../src/keys/failover.ts';
import { forgetKeyHealth } from '../../src/keys/key-health.ts';

beforeEach(() => forgetKeyHealth());

const quota = () => Response.json({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details: [{ retryDelay: '2.5s' }] } }, { status: 429 });
const invalidKey = () => Response.json({ error: { code: 400, message: 'API key not valid.', details: [{ reason: 'API_KEY_INVALID' }] } }, { status: 400 });

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
      refused: () => new Response('{}', { status: 403 }),
      overloaded: () => new Response('{}', { status: 503 }),
      good: () => new Response('ok'),
    });
    const keys = ['quota', 'invalid', 'refused', 'overloaded', 'unreachable', 'good'];
    const { response, key } = await fetchWithFailover(keys, attempt);
    expect(key).toBe('good');
    expect(await response.text()).toBe('ok');
    expect(tried.at(-1)).toBe('good');
  });

  it('answers with the last real failure when every key fails, not with a lost connection', async () => {
    const { attempt } = upstream({ a: quota, b: quota });
    const { response } = await fetchWithFailover(['a', 'unreachable', 'b'], attempt);
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('quota');
  });

  it('throws the network error when no key got an answer', async () => {
    const { attempt } = upstream({});
    await expect(fetchWithFailover(['x', 'y'], attempt)).rejects.toBeInstanceOf(UpstreamUnreachableError);
  });

  it('returns a bad request at once: another key would get the same answer', async () => {
    const badRequest = () => Response.json({ error: { code: 400, message: 'Invalid JSON payload' } }, { status: 400 });
    const { tried, attempt } = upstream({ a: badRequest, b: badRequest });
    const { response } = await fetchWithFailover(['a', 'b'], attempt);
    expect(response.status).toBe(400);
    expect(tried).toHaveLength(1);
  });

  it('tries at most eight keys', async () => {
    const { tried, attempt } = upstream(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, quota])));
    await fetchWithFailover(Array.from({ length: 12 }, (_, i) => `k${i}`), attempt);
    expect(tried).toHaveLength(8);
  });

  it('leaves a single key alone: its answer, whatever it is, goes back as it came', async () => {
    const { tried, attempt } = upstream({ only: quota });
    const { response } = await fetchWithFailover(['only'], attempt);
    expect(response.status).toBe(429);
    expect(tried).toEqual(['only']);
  });
});
