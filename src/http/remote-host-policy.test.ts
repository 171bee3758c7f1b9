import { describe, expect, it } from 'vitest';
import { isInternalHost, refusalOfAddresses } from './remote-host-policy.ts';

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

describe('refusalOfAddresses', () => {
  it('refuses a name when any of its addresses is private', () => {
    for (const addresses of [['203.0.113.9', '10.1.2.3'], ['127.0.0.1'], ['169.254.169.254'], ['2001:db8::1', 'fd00::5'], ['::ffff:7f00:1']]) {
      expect(refusalOfAddresses(addresses)).toMatch(/points at a local or private address/);
    }
  });

  it('refuses a name with an IPv4-mapped private address in dotted form, as resolvers may write it', () => {
    expect(refusalOfAddresses(['::ffff:127.0.0.1'])).toMatch(/local or private/);
    expect(refusalOfAddresses(['64:ff9b::10.0.0.1'])).toMatch(/local or private/);
  });

  it('refuses a name with no address, and allows one whose addresses are all public', () => {
    expect(refusalOfAddresses([])).toMatch(/could not be looked up/);
    expect(refusalOfAddresses(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])).toBeUndefined();
  });
});
