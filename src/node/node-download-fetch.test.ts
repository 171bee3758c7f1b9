import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRefusedError } from '../http/remote-host-policy.ts';
import { createNodeDownloadFetch, type ResolvedAddress } from './node-download-fetch.ts';

/**
 * Two servers on one port number: 127.0.0.2 stands for the public host the check approved, 127.0.0.1
 * for the internal one a rebinding name would lead to the second time it is looked up.
 */
const hits = { public: 0, internal: 0 };
let servers: Server[] = [];
let port = 0;

beforeAll(async () => {
  const publicServer = createServer((_req, res) => {
    hits.public++;
    res.writeHead(200, { 'content-type': 'image/png' }).end('public');
  });
  await new Promise<void>((resolve) => publicServer.listen(0, '127.0.0.2', resolve));
  port = (publicServer.address() as AddressInfo).port;
  const internalServer = createServer((_req, res) => {
    hits.internal++;
    res.writeHead(200).end('secret');
  });
  await new Promise<void>((resolve) => internalServer.listen(port, '127.0.0.1', resolve));
  servers = [publicServer, internalServer];
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The proxy's policy for this test: 127.0.0.1 is the inside, 127.0.0.2 the outside. */
const refusalOf = (addresses: readonly string[]) => (addresses.includes('127.0.0.1') ? 'its name points at a local or private address' : undefined);

describe('Node downloads', () => {
  it('connect to the address that was checked: a rebinding name never reaches the inside', async () => {
    const answers: ResolvedAddress[][] = [[{ address: '127.0.0.2', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    let lookups = 0;
    const download = createNodeDownloadFetch(async () => answers[Math.min(lookups++, 1)]!, refusalOf);
    hits.public = 0;
    hits.internal = 0;
    const response = await download(new URL(`http://rebinding.example:${port}/cat.png`), AbortSignal.timeout(5000));
    expect(await response.text()).toBe('public');
    expect(lookups).toBe(1);
    expect(hits).toEqual({ public: 1, internal: 0 });
  });

  it('refuse a name that resolves inside before connecting', async () => {
    const download = createNodeDownloadFetch(async () => [{ address: '127.0.0.1', family: 4 }], refusalOf);
    hits.internal = 0;
    const failure = await download(new URL(`http://inside.example:${port}/`), AbortSignal.timeout(5000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostRefusedError);
    expect((failure as Error).message).toMatch(/local or private/);
    expect(hits.internal).toBe(0);
  });

  it('refuse a name that cannot be looked up', async () => {
    const download = createNodeDownloadFetch(() => Promise.reject(new Error('ENOTFOUND')), refusalOf);
    const failure = await download(new URL(`http://nowhere.example:${port}/`), AbortSignal.timeout(5000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostRefusedError);
    expect((failure as Error).message).toMatch(/could not be looked up/);
  });
});
