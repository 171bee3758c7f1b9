/**
 * Which hosts the proxy may download from on a client's say-so (an image URL): none inside the
 * network it runs in. Refused by name and by address literal everywhere, and, where the platform can
 * reach a private network (the Node server), by the addresses a name resolves to, checked where the
 * connection is made (src/node/node-download-fetch.ts), so that a second look-up cannot lead elsewhere.
 */

export function isInternalHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a trailing dot only makes a name fully qualified.
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  // A name of one label (`metadata`, `instance-data`) is found through the local search domains.
  if (!host.includes('.') && !host.includes(':')) return true;
  if (host === '::' || host === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host) || host.startsWith('64:ff9b:1:')) return true;
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  const mapped = /^(?:::ffff:|::ffff:0:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) return isInternalIPv4(hexGroupsToIPv4(mapped[1] ?? '0', mapped[2] ?? '0'));
  // The same, written with the IPv4 part dotted, as resolvers may write it (::ffff:127.0.0.1).
  const dotted = /^(?:::ffff:|::ffff:0:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) return isInternalIPv4((dotted[1] ?? '').split('.').map(Number));
  const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
  return octets ? isInternalIPv4(octets) : false;
}

/** This network, private, loopback, shared, link-local, IETF protocol, benchmarking, multicast and reserved ranges. */
function isInternalIPv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

function hexGroupsToIPv4(high: string, low: string): number[] {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255];
}

/** A download refused for where its name leads: thrown by a download fetch that checks the address it connects to. */
export class HostRefusedError extends Error {}

/** Why a name's addresses may not be connected to, or undefined when every one is outside. */
export function refusalOfAddresses(addresses: readonly string[]): string | undefined {
  if (addresses.length === 0) return 'its name could not be looked up';
  return addresses.some(isInternalHost) ? 'its name points at a local or private address' : undefined;
}
