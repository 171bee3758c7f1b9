import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ProxyError } from '../errors.ts';
import { HostRefusedError } from '../http/remote-host-policy.ts';
import type { DownloadFetch } from '../services.ts';
import { fetchRemoteFile, MAX_REMOTE_FILE_BYTES } from './fetch-remote-file.ts';

/** The platform services of these tests: a download fetch each test sets, and a resolver where one is set. */
let services: { downloadFetch: DownloadFetch };

function stubFetch(answer: (url: string) => Response) {
  const fetchMock = vi.fn(async (input: URL) => answer(String(input)));
  services = { downloadFetch: fetchMock };
  return fetchMock;
}

async function refusal(url: string): Promise<string> {
  const error = await fetchRemoteFile(url, services).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProxyError);
  expect((error as ProxyError).status).toBe(400);
  return (error as ProxyError).message;
}

beforeEach(() => {
  services = { downloadFetch: () => Promise.reject(new Error('no download expected')) };
});

describe('fetchRemoteFile', () => {
  it('fetches an image and hands it back inline as base64 with its type', async () => {
    stubFetch(() => new Response(new Uint8Array([1, 2, 3, 250]), { headers: { 'content-type': 'image/png; charset=binary' } }));
    expect(await fetchRemoteFile('https://images.example/a.png', services)).toEqual({ mimeType: 'image/png', data: 'AQID+g==' });
  });

  it('guesses the type from the extension when the server says only octet-stream', async () => {
    stubFetch(() => new Response(new Uint8Array([0]), { headers: { 'content-type': 'application/octet-stream' } }));
    expect((await fetchRemoteFile('https://images.example/photo.JPG', services)).mimeType).toBe('image/jpeg');
  });

  it('follows redirects, checking each hop', async () => {
    const fetchMock = stubFetch((url) =>
      url.includes('start') ? new Response(null, { status: 302, headers: { location: 'http://127.0.0.1/secret.png' } }) : new Response('x'),
    );
    expect(await refusal('https://images.example/start')).toContain('local or private address');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('refuses an error status, a missing type and a file over the size limit', async () => {
    stubFetch(() => new Response('nope', { status: 404 }));
    expect(await refusal('https://images.example/a.png')).toContain('HTTP 404');
    stubFetch(() => new Response(new Uint8Array([63])));
    expect(await refusal('https://images.example/noext')).toContain('did not say what type');
    stubFetch(() => new Response('x', { headers: { 'content-type': 'image/png', 'content-length': String(MAX_REMOTE_FILE_BYTES + 1) } }));
    expect(await refusal('https://images.example/huge.png')).toContain('larger than 20 MB');
  });

  it('refuses, with a 400 that says why, an image whose download breaks off or never answers', async () => {
    stubFetch(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([137, 80, 78, 71]));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'image/png' } });
    });
    expect(await refusal('https://images.example/cut.png')).toMatch(/download broke off/);
    services = { downloadFetch: vi.fn(() => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'))) };
    expect(await refusal('https://images.example/slow.png')).toMatch(/no answer within 20 s/);
  });

  it('says why, when the platform refused to connect where a name leads (the Node server)', async () => {
    services = { downloadFetch: vi.fn(() => Promise.reject(new HostRefusedError('its name points at a local or private address'))) };
    expect(await refusal('https://inside.example/cat.png')).toMatch(/was not used: its name points at a local or private address/);
  });

  it('refuses internal addresses without fetching them', async () => {
    const fetchMock = stubFetch(() => new Response('x'));
    expect(await refusal('http://localhost:8080/a.png')).toContain('local or private');
    expect(await refusal('http://[::1]/a.png')).toContain('local or private');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
