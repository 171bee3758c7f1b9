import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../config.ts';
import type { UpstreamFetch, UpstreamRequest } from '../../../http/fetch-upstream.ts';
import { checkKey, type KeyCheckResult } from './check-key.ts';

const BASE = 'https://gemini.example';
const KEY = 'AIzaSyTestKey0123456789abcd';
const MASKED = 'AIzaSy…abcd';
const PROBE_URL = `${BASE}/v1beta/models/gemini-2.5-flash-lite:generateContent`;
const LIST_URL = `${BASE}/v1beta/models?pageSize=1`;

const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });
const ok = () => Response.json({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] } }] });
const invalidKey = () =>
  Response.json(
    { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [errorInfo('API_KEY_INVALID')] } },
    { status: 400 },
  );
const quota = () =>
  Response.json(
    {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' }],
      },
    },
    { status: 429 },
  );
const modelGone = () =>
  Response.json({ error: { code: 404, message: 'models/gemini-old is not found for API version v1beta', status: 'NOT_FOUND' } }, { status: 404 });

interface Call {
  url: string;
  request: UpstreamRequest;
}

/** A fake upstream: answers by URL, records every call. */
function fakeUpstream(answer: (url: string, request: UpstreamRequest) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const upstreamFetch: UpstreamFetch = async (url, request) => {
    calls.push({ url, request });
    return answer(url, request);
  };
  return { calls, upstreamFetch };
}

function check(upstreamFetch: UpstreamFetch, key = KEY, model = 'gemini-2.5-flash-lite'): Promise<KeyCheckResult> {
  return checkKey(key, 3, { geminiBaseUrl: BASE, model, upstreamFetch });
}

function expectNoWholeKey(result: KeyCheckResult, key = KEY) {
  expect(JSON.stringify(result)).not.toContain(key);
  expect(result.key).toBe(MASKED);
}

describe('checkKey', () => {
  it('calls a key GOOD when a one-token generation succeeds, and sends the key in its header only', async () => {
    const { calls, upstreamFetch } = fakeUpstream(ok);
    const result = await check(upstreamFetch);
    expect(result).toEqual({ index: 3, key: MASKED, status: 'GOOD' });
    expect(calls.map((call) => call.url)).toEqual([PROBE_URL]);
    const [probe] = calls;
    expect(probe?.request.method).toBe('POST');
    expect(probe?.request.headers.get('x-goog-api-key')).toBe(KEY);
    expect(probe?.request.headers.get('content-type')).toBe('application/json');
    expect(probe?.url).not.toContain(KEY);
    const body = JSON.parse(String(probe?.request.body)) as { generationConfig: { maxOutputTokens: number }; contents: unknown[] };
    expect(body.generationConfig.maxOutputTokens).toBe(1);
    expect(body.contents).toHaveLength(1);
    expect(probe?.request.signal).toBeInstanceOf(AbortSignal);
  });

  it('calls a key BAD/INVALID_KEY on a 400 with ErrorInfo API_KEY_INVALID, with Gemini\'s message', async () => {
    const { upstreamFetch } = fakeUpstream(invalidKey);
    const result = await check(upstreamFetch);
    expect(result).toEqual({ index: 3, key: MASKED, status: 'BAD', reason: 'INVALID_KEY', error: 'API key not valid. Please pass a valid API key.' });
  });

  it('calls a leaked key (403 naming the API key) BAD/INVALID_KEY too', async () => {
    const { upstreamFetch } = fakeUpstream(() =>
      Response.json({ error: { code: 403, message: 'Your API key was reported as leaked. Please use another API key.', status: 'PERMISSION_DENIED' } }, { status: 403 }),
    );
    const result = await check(upstreamFetch);
    expect(result.status).toBe('BAD');
    expect(result.reason).toBe('INVALID_KEY');
  });

  it('calls an exhausted key ERROR/QUOTA_EXHAUSTED on a 429', async () => {
    const { upstreamFetch } = fakeUpstream(quota);
    const result = await check(upstreamFetch);
    expect(result).toEqual({ index: 3, key: MASKED, status: 'ERROR', reason: 'QUOTA_EXHAUSTED', error: 'You exceeded your current quota, please check your plan.' });
  });

  it('calls a key ERROR/UPSTREAM_ERROR when Gemini fails, saying the status when there is no message', async () => {
    const { upstreamFetch } = fakeUpstream(() => new Response('', { status: 503 }));
    expect(await check(upstreamFetch)).toEqual({ index: 3, key: MASKED, status: 'ERROR', reason: 'UPSTREAM_ERROR', error: 'HTTP 503' });
  });

  it('calls a key ERROR/NETWORK_ERROR when the fetch rejects, with the reason', async () => {
    const { upstreamFetch } = fakeUpstream(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 10.0.0.1:443') })));
    const result = await check(upstreamFetch);
    expect(result.status).toBe('ERROR');
    expect(result.reason).toBe('NETWORK_ERROR');
    expect(result.error).toBe('Could not reach the Gemini API: connect ECONNREFUSED 10.0.0.1:443');
    expectNoWholeKey(result);
  });

  it('probes the model it is given', async () => {
    const { calls, upstreamFetch } = fakeUpstream(ok);
    await check(upstreamFetch, KEY, 'gemini-2.0-flash');
    expect(calls.map((call) => call.url)).toEqual([`${BASE}/v1beta/models/gemini-2.0-flash:generateContent`]);
  });

  it('probes VERIFY_MODEL as readConfig reads it', async () => {
    const config = readConfig({ VERIFY_MODEL: 'gemini-2.0-flash', GEMINI_BASE_URL: `${BASE}/` });
    expect(config.verifyModel).toBe('gemini-2.0-flash');
    const { calls, upstreamFetch } = fakeUpstream(ok);
    await checkKey(KEY, 0, { geminiBaseUrl: config.geminiBaseUrl, model: config.verifyModel, upstreamFetch });
    expect(calls.map((call) => call.url)).toEqual([`${BASE}/v1beta/models/gemini-2.0-flash:generateContent`]);
  });

  it('probes the default VERIFY_MODEL when none is set', async () => {
    const config = readConfig({ GEMINI_BASE_URL: BASE });
    const { calls, upstreamFetch } = fakeUpstream(ok);
    await checkKey(KEY, 0, { geminiBaseUrl: config.geminiBaseUrl, model: config.verifyModel, upstreamFetch });
    expect(calls.map((call) => call.url)).toEqual([PROBE_URL]);
  });

  it('judges a valid key by the model list when the probe model answers 404', async () => {
    const { calls, upstreamFetch } = fakeUpstream((url) => (url.includes(':generateContent') ? modelGone() : Response.json({ models: [{ name: 'models/gemini-2.5-flash' }] })));
    const result = await check(upstreamFetch, KEY, 'gemini-old');
    expect(result).toEqual({ index: 3, key: MASKED, status: 'GOOD' });
    expect(calls.map((call) => call.url)).toEqual([`${BASE}/v1beta/models/gemini-old:generateContent`, LIST_URL]);
    const list = calls[1];
    expect(list?.request.method).toBe('GET');
    expect(list?.request.body).toBeNull();
    expect(list?.request.headers.get('x-goog-api-key')).toBe(KEY);
  });

  it('judges an invalid key by the model list when the probe model answers 404', async () => {
    const { calls, upstreamFetch } = fakeUpstream((url) => (url.includes(':generateContent') ? modelGone() : invalidKey()));
    const result = await check(upstreamFetch, KEY, 'gemini-old');
    expect(result.status).toBe('BAD');
    expect(result.reason).toBe('INVALID_KEY');
    expect(calls.map((call) => call.url)).toEqual([`${BASE}/v1beta/models/gemini-old:generateContent`, LIST_URL]);
  });

  it('does not fall back to the model list for any failure but a 404', async () => {
    const { calls, upstreamFetch } = fakeUpstream(invalidKey);
    await check(upstreamFetch);
    expect(calls).toHaveLength(1);
  });

  it('never shows the key whole, even when Gemini\'s message or the network error quotes it', async () => {
    const quoting = fakeUpstream(() =>
      Response.json({ error: { code: 400, message: `API key not valid: ${KEY}. Check ${KEY}.`, details: [errorInfo('API_KEY_INVALID')] } }, { status: 400 }),
    );
    const bad = await check(quoting.upstreamFetch);
    expectNoWholeKey(bad);
    expect(bad.error).toBe(`API key not valid: ${MASKED}. Check ${MASKED}.`);

    const textQuoting = fakeUpstream(() => new Response(`upstream refused key ${KEY}`, { status: 502 }));
    const upstreamError = await check(textQuoting.upstreamFetch);
    expectNoWholeKey(upstreamError);
    expect(upstreamError.error).toBe(`upstream refused key ${MASKED}`);

    const networkQuoting = fakeUpstream(() => Promise.reject(new TypeError('fetch failed', { cause: new Error(`invalid header value x-goog-api-key: ${KEY}`) })));
    const network = await check(networkQuoting.upstreamFetch);
    expectNoWholeKey(network);
    expect(network.error).toBe(`Could not reach the Gemini API: invalid header value x-goog-api-key: ${MASKED}`);

    for (const answer of [ok, quota]) {
      expectNoWholeKey(await check(fakeUpstream(answer).upstreamFetch));
    }
  });
});
