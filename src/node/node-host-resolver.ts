// The Node entry's host look-up for image URLs (see useHostResolver): every address a name has.
import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../openai/fetch-remote-file.ts';

export const nodeHostResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);
