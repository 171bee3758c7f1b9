import { describe, expect, it } from 'vitest';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

const GOOD_1 = 'AIzaSyHttpGood0000000000000000000000001';
const GOOD_2 = 'AIzaSyHttpGood0000000000000000000000002';
const INVALID = 'AIzaSyHttp-invalid-0000000000000000003';
const QUOTA = 'AIzaSyHttp-quota-000000000000000000004';
const ALL_KEYS = [GOOD_1, GOOD_2, INVALID, QUOTA];

const setup = useProxyAgainstFake();

async function lastUpstreamRequestOf(send: () => Promise<Response>) {
  const start = setup.fake.requests.length;
  const response = await send();
  const forwarded = setup.fake.requests.slice(start);
  return { response, forwarded };
}

describe('keys in the query and in Authorization', () => {
  it('splits ?key=k1,k2 the same way and leaves the rest of the query as it was', async () => {
    const used: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { response, forwarded } = await lastUpstreamRequestOf(() =>
        fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${GOOD_1},${GOOD_2}&x=a%20b`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
        }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      await response.text();
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]!.search).toMatch(/^\?alt=sse&x=a%20b&key=AIzaSyHttpGood000000000000000000000000[12]$/);
      expect(forwarded[0]!.body).toBe('{"contents":[{"parts":[{"text":"hi"}]}]}');
      used.push(forwarded[0]!.key!);
    }
    expect(new Set(used)).toEqual(new Set([GOOD_1, GOOD_2]));
  });

  it("splits Authorization: Bearer k1,k2 and keeps it as Bearer for Google's OpenAI-compatible endpoint", async () => {
    const { response, forwarded } = await lastUpstreamRequestOf(() =>
      fetch(`${setup.server.url}/v1beta/openai/models`, { headers: { authorization: `Bearer ${GOOD_1},${GOOD_2}` } }),
    );
    expect(response.status).toBe(200);
    expect([`Bearer ${GOOD_1}`, `Bearer ${GOOD_2}`]).toContain(forwarded[0]!.headers.authorization);
    expect(forwarded[0]!.headers['x-goog-api-key']).toBeUndefined();
  });

  it('sends a Bearer key to the native endpoints as x-goog-api-key, since Gemini reads Bearer there as OAuth', async () => {
    const { response, forwarded } = await lastUpstreamRequestOf(() =>
      fetch(`${setup.server.url}/v1beta/models`, { headers: { authorization: `Bearer ${GOOD_1},${GOOD_2}` } }),
    );
    expect(response.status).toBe(200);
    expect([GOOD_1, GOOD_2]).toContain(forwarded[0]!.headers['x-goog-api-key']);
    expect(forwarded[0]!.headers.authorization).toBeUndefined();
  });

  it('answers a request without any key with 401 in Gemini\'s error shape, without going upstream', async () => {
    const { response, forwarded } = await lastUpstreamRequestOf(() => fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', body: '{}' }));
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: number; message: string; status: string } };
    expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(body.error.message).toContain('x-goog-api-key');
    expect(forwarded).toHaveLength(0);
  });
});

describe('headers', () => {
  it('forwards what the API uses and nothing that identifies the client or the platform', async () => {
    const { forwarded } = await lastUpstreamRequestOf(() =>
      fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:countTokens`, {
        method: 'POST',
        headers: {
          'x-goog-api-key': GOOD_1,
          'x-goog-api-client': 'google-genai-sdk/1.0 gl-node/20',
          'content-type': 'application/json',
          cookie: 'session=secret',
          'x-forwarded-for': '203.0.113.7',
          'x-real-ip': '203.0.113.7',
          'cf-connecting-ip': '203.0.113.7',
          'x-vercel-id': 'hkg1::abc',
          'x-nf-client-connection-ip': '203.0.113.7',
        },
        body: '{"contents":[]}',
      }),
    );
    const headers = forwarded[0]!.headers;
    expect(headers['x-goog-api-client']).toBe('google-genai-sdk/1.0 gl-node/20');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-goog-api-key']).toBe(GOOD_1);
    expect(headers.host).toBe(new URL(setup.fake.url).host);
    for (const name of ['cookie', 'x-forwarded-for', 'x-real-ip', 'cf-connecting-ip', 'x-vercel-id', 'x-nf-client-connection-ip']) {
      expect(headers[name]).toBeUndefined();
    }
    expect(JSON.stringify(headers)).not.toContain('203.0.113.7');
  });

  it('answers an OPTIONS preflight itself with the CORS headers', async () => {
    const { response, forwarded } = await lastUpstreamRequestOf(() =>
      fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-goog-api-key' },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,x-goog-api-key');
    expect(forwarded).toHaveLength(0);
  });

  it('sets Access-Control-Allow-Origin on proxied answers and on its own errors', async () => {
    const proxied = await fetch(`${setup.server.url}/v1beta/models`, { headers: { 'x-goog-api-key': GOOD_1 } });
    const ownError = await fetch(`${setup.server.url}/nowhere`);
    expect(proxied.headers.get('access-control-allow-origin')).toBe('*');
    expect(ownError.status).toBe(404);
    expect(ownError.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('upstream answers', () => {
  it('keeps the status and body of upstream errors', async () => {
    const response = await fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': QUOTA, 'content-type': 'application/json' },
      body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { status: string; details: Array<{ retryDelay?: string }> } };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details.some((detail) => detail.retryDelay === '34.4s')).toBe(true);
  });

  it('passes /v1 and /v1alpha paths through as well', async () => {
    const { response, forwarded } = await lastUpstreamRequestOf(() => fetch(`${setup.server.url}/v1/models/gemini-2.5-flash`, { headers: { 'x-goog-api-key': GOOD_1 } }));
    expect(response.status).toBe(200);
    expect(forwarded[0]!.path).toBe('/v1/models/gemini-2.5-flash');
  });

  it('sends a resumable upload back through the proxy, with no key in the upload URL', async () => {
    const start = await fetch(`${setup.server.url}/upload/v1beta/files?key=${GOOD_1},${GOOD_2}`, {
      method: 'POST',
      headers: { 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start', 'content-type': 'application/json' },
      body: '{"file":{"display_name":"notes"}}',
    });
    const uploadUrl = start.headers.get('x-goog-upload-url') ?? '';
    // The tag of the key that started the upload rides along, so that the file's name in the last answer carries it.
    expect(uploadUrl).toMatch(new RegExp(`^${setup.server.url}/upload/v1beta/files\\?upload_id=fake-upload-1&upload_protocol=resumable&key_tag=[a-z0-9]{6}$`));
    const finish = await fetch(`${uploadUrl}&key=${GOOD_1}`, { method: 'POST', headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '0' }, body: 'hello file' });
    expect(setup.fake.requests.at(-1)!.search).toBe('?upload_id=fake-upload-1&upload_protocol=resumable');
    expect(finish.status).toBe(200);
    expect(finish.headers.get('x-goog-upload-status')).toBe('final');
    expect(((await finish.json()) as { file: { sizeBytes: string } }).file.sizeBytes).toBe('10');
  });
});

describe('POST /verify', () => {
  type VerifyResult = { index: number; key: string; status: string; reason?: string; error?: string };
  const expected = [
    { index: 0, key: 'AIzaSy…0001', status: 'GOOD' },
    { index: 1, key: 'AIzaSy…0003', status: 'BAD', reason: 'INVALID_KEY', error: 'API key not valid. Please pass a valid API key.' },
    { index: 2, key: 'AIzaSy…0004', status: 'ERROR', reason: 'QUOTA_EXHAUSTED', error: 'You exceeded your current quota, please check your plan.' },
  ];

  it('streams one SSE event per key, masked, telling an invalid key from an exhausted one', async () => {
    const response = await fetch(`${setup.server.url}/verify`, { method: 'POST', headers: { 'x-goog-api-key': `${GOOD_1},${INVALID},${QUOTA}` } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.replace(/^data: /, '')) as VerifyResult);
    expect(events.sort((a, b) => a.index - b.index)).toEqual(expected);
    for (const key of ALL_KEYS) expect(text).not.toContain(key);
  });

  it('answers one JSON document when asked for JSON', async () => {
    const response = await fetch(`${setup.server.url}/verify`, { method: 'POST', headers: { 'x-goog-api-key': `${GOOD_1},${INVALID},${QUOTA}`, accept: 'application/json' } });
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ results: expected });
  });

  it('says how to send keys when there are none', async () => {
    const response = await fetch(`${setup.server.url}/verify`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('x-goog-api-key');
  });
});

describe('the page and the logs', () => {
  it('serves a page at / with the base URLs of this host', async () => {
    const response = await fetch(`${setup.server.url}/`);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain(`${setup.server.url}/v1`);
    expect(html).toContain('v1beta');
  });

  it('prints no whole key during the run', () => {
    const output = setup.server.output();
    expect(output).toMatch(/POST \/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent 200 \d+ms key=AIzaSy…000[12]/);
    for (const key of ALL_KEYS) expect(output).not.toContain(key);
  });
});
