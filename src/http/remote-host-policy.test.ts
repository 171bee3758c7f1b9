import { describe, expect, it } from 'vitest';
import type { HostResolver } from '../services.ts';
import { isInternalHost, judgeResolvedHost } from './remote-host-policy.ts';

describe('isInternalHost', () => {
  it.each([
    ['localhost', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['[::1]', true],
    ['[fd00::1]', true],
    ['[fe80::1]', true],
    [new URL('http://[::ffff:127.0.0.1]/').hostname, true],
    [new URL('http://[::ffff:8.8.8.8]/').hostname, false],
    ['8.8.8.8', false],
    ['example.com', false],
  ])('%s → %s', (host, internal) => {
    expect(isInternalHost(host)).toBe(internal);
  });

  it.each(['metadata', 'instance-data', '[::ffff:0:7f00:1]', '[64:ff9b:1::a00:1]', '192.0.0.8', '198.18.0.1'])('counts %s as internal', (host) => {
    expect(isInternalHost(host)).toBe(true);
  });

  it.each(['images.example.com', '8.8.8.8', '[2001:4860:4860::8888]', '[64:ff9b::808:808]'])('counts %s as outside', (host) => {
    expect(isInternalHost(host)).toBe(false);
  });
});

/** A resolver that answers from a table, records what it was asked, and fails for names it does not know. */
function resolver(addresses: Record<string, string[]>) {
  const asked: string[] = [];
  const resolveHost: HostResolver = async (host) => {
    asked.push(host);
    const found = addresses[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found;
  };
  return { asked, resolveHost };
}

describe('judgeResolvedHost', () => {
  it('allows any name where the platform gives no resolver (edge runtimes)', async () => {
    expect(await judgeResolvedHost('inside.example', undefined)).toBe('allowed');
    expect(await judgeResolvedHost('nowhere.example', undefined)).toBe('allowed');
  });

  it.each(['10.1.2.3', '8.8.8.8', '[::1]', '[2001:4860:4860::8888]', '::1'])('allows the literal address %s without asking the resolver', async (host) => {
    const { asked, resolveHost } = resolver({});
    expect(await judgeResolvedHost(host, resolveHost)).toBe('allowed');
    expect(asked).toEqual([]);
  });

  it('counts a name as internal when any of its addresses is private', async () => {
    const { asked, resolveHost } = resolver({
      'inside.example': ['203.0.113.9', '10.1.2.3'],
      'loopback.example': ['127.0.0.1'],
      'metadata.example': ['169.254.169.254'],
      'v6.example': ['2001:db8::1', 'fd00::5'],
    });
    expect(await judgeResolvedHost('inside.example', resolveHost)).toBe('internal');
    expect(await judgeResolvedHost('loopback.example', resolveHost)).toBe('internal');
    expect(await judgeResolvedHost('metadata.example', resolveHost)).toBe('internal');
    expect(await judgeResolvedHost('v6.example', resolveHost)).toBe('internal');
    expect(asked).toEqual(['inside.example', 'loopback.example', 'metadata.example', 'v6.example']);
  });

  it('counts a name as unresolvable when the resolver throws', async () => {
    const { asked, resolveHost } = resolver({});
    expect(await judgeResolvedHost('nowhere.example', resolveHost)).toBe('unresolvable');
    expect(asked).toEqual(['nowhere.example']);
    const rejecting: HostResolver = () => Promise.reject(new Error('EAI_AGAIN'));
    expect(await judgeResolvedHost('images.example.com', rejecting)).toBe('unresolvable');
  });

  it('allows a name whose addresses are all public', async () => {
    const { asked, resolveHost } = resolver({ 'images.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    expect(await judgeResolvedHost('images.example.com', resolveHost)).toBe('allowed');
    expect(asked).toEqual(['images.example.com']);
  });

  it('counts as internal a name resolving to an IPv4-mapped private address in hex form', async () => {
    const { resolveHost } = resolver({ 'mapped.example': ['::ffff:7f00:1'] });
    expect(await judgeResolvedHost('mapped.example', resolveHost)).toBe('internal');
  });

  // Known gap: isInternalHost reads IPv4 inside IPv6 only in hex groups (`::ffff:7f00:1`, as URL
  // hostnames are written), not in the dotted form RFC 5952 recommends (`::ffff:127.0.0.1`), so a
  // resolver that answers in that form gets a loopback address allowed. Remove `.fails` once fixed.
  it('counts as internal a name resolving to an IPv4-mapped private address in dotted form', async () => {
    const { resolveHost } = resolver({ 'mapped.example': ['::ffff:127.0.0.1'], 'nat64.example': ['64:ff9b::10.0.0.1'] });
    expect(await judgeResolvedHost('mapped.example', resolveHost)).toBe('internal');
    expect(await judgeResolvedHost('nat64.example', resolveHost)).toBe('internal');
  });
});
