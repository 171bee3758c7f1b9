/**
 * The Node server's downloads of media named by URL. A server can reach the private network it runs
 * in, so each name is looked up once, right where the connection is made, and refused when any of its
 * addresses is internal: the socket goes to the address that was checked, and a name that answers a
 * public address first and a private one the second time (DNS rebinding) has no second time.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { HostRefusedError, refusalOfAddresses } from '../http/remote-host-policy.ts';
import type { DownloadFetch } from '../services.ts';
import { toResponse } from './node-upstream-fetch.ts';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

export type ResolveAll = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolveAll: ResolveAll = (hostname) => dnsLookup(hostname, { all: true });

/** `resolveAll` and `refusalOf` are for tests; the server uses the system resolver and the proxy's policy. */
export function createNodeDownloadFetch(resolveAll: ResolveAll = systemResolveAll, refusalOf = refusalOfAddresses): DownloadFetch {
  const checkedLookup: LookupFunction = (hostname, options, callback) => {
    resolveAll(hostname).then(
      (addresses) => {
        const refusal = refusalOf(addresses.map((entry) => entry.address));
        const first = addresses[0];
        if (refusal || !first) return callback(new HostRefusedError(refusal ?? 'its name could not be looked up'), '', 0);
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      () => callback(new HostRefusedError('its name could not be looked up'), '', 0),
    );
  };
  return (url, signal) =>
    new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(url, { method: 'GET', lookup: checkedLookup, signal, headers: { accept: '*/*' } }, (incoming) => resolve(toResponse(incoming, 'GET', `${url.host}${url.pathname}`)));
      outgoing.on('error', reject);
      outgoing.end();
    });
}
