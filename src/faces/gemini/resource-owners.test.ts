import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors.ts';
import { ResourceOwners } from './resource-owners.ts';
import { findReferences } from './resource-tags.ts';

const KEYS = ['AIzaSyOwnerTestKey000000000000000000001', 'AIzaSyOwnerTestKey000000000000000000002'];

async function refused(route: Promise<unknown>): Promise<ProxyError> {
  const error = await route.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

describe('ResourceOwners', () => {
  it('gives each key a stable tag of six letters and digits, different for different keys', async () => {
    const owners = new ResourceOwners();
    const [first, second] = await Promise.all(KEYS.map((key) => owners.tagOf(key)));
    expect(first).toMatch(/^[a-z0-9]{6}$/);
    expect(second).not.toBe(first);
    expect(await new ResourceOwners().tagOf(KEYS[0]!)).toBe(first);
  });

  it('routes a tagged name to its key, and names the masked key, or only the tag, when the list lacks it', async () => {
    const owners = new ResourceOwners();
    const tag = await owners.tagOf(KEYS[1]!);
    const references = findReferences(`/v1beta/files/abcgblk${tag}`)!;
    expect(await owners.route(KEYS, references)).toEqual({ owner: KEYS[1] });

    const missing = await refused(owners.route([KEYS[0]!], references));
    expect(missing).toMatchObject({ status: 403, code: 'resource_key_missing' });
    expect(missing.message).toContain(`files/abcgblk${tag}`);
    expect(missing.message).toContain('AIzaSy…0002');

    const unseen = await refused(new ResourceOwners().route([KEYS[0]!], references));
    expect(unseen.message).toContain(`key tag ${tag}`);
    expect(unseen.message).not.toContain('AIzaSy');
  });

  it('refuses names of two keys in one call', async () => {
    const owners = new ResourceOwners();
    const [first, second] = await Promise.all(KEYS.map((key) => owners.tagOf(key)));
    const references = findReferences(`{"cachedContent":"cachedContents/cgblk${first}","contents":[{"parts":[{"fileData":{"fileUri":"https://h/v1beta/files/fgblk${second}"}}]}]}`)!;
    expect(await refused(owners.route(KEYS, references))).toMatchObject({ status: 400, code: 'resources_of_different_keys' });
  });

  it('probes for names it has not seen, then goes to the key that owned them', async () => {
    const owners = new ResourceOwners();
    const references = findReferences('/v1beta/files/outside1')!;
    expect(await owners.route(KEYS, references)).toEqual({ probe: ['files/outside1'] });
    await owners.remember(['files/outside1'], KEYS[1]!);
    expect(await owners.route(KEYS, references)).toEqual({ owner: KEYS[1] });
    expect(await owners.route([KEYS[0]!], references)).toBeNull();
  });
});
