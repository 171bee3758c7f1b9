// The Node entry's host look-up for media URLs: every address a name has.
import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../services.ts';

export const nodeHostResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);
