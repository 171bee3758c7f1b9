/**
 * Which key of a request owns the resources it names: the key whose tag the names carry, or, for a
 * name the proxy did not hand out, the key that owned it when it was last found by trying the keys.
 * Memory of one instance only, bounded: a name forgotten is found again by trying.
 */
import { ProxyError } from '../../errors.ts';
import { keyDigest, LruMap } from '../../keys/key-digest.ts';
import type { KeyHealth } from '../../keys/key-health.ts';
import { maskKey } from '../../keys/mask-key.ts';
import { TAG_LENGTH, type ResourceReferences } from './resource-tags.ts';

const MAX_REMEMBERED = 10_000;
const TAG_SPACE = 36 ** TAG_LENGTH;

/** How a request is sent: with the key that owns what it names, trying keys for names never seen, or like any other. */
export type Route = { readonly owner: string } | { readonly probe: readonly string[] } | null;

export class ResourceOwners {
  /** A digest of a key → its tag. */
  private readonly tags = new LruMap<string>(MAX_REMEMBERED);
  /** A tag → the key masked, for the error that asks for it. */
  private readonly maskedKeys = new LruMap<string>(MAX_REMEMBERED);
  /** A digest of an untagged name (a client could send long ones) → the tag of the key found to own it. */
  private readonly owners = new LruMap<string>(MAX_REMEMBERED);

  /** A few characters of a SHA-256 of the key: tells keys apart, and cannot give the key back. */
  async tagOf(key: string): Promise<string> {
    const digest = keyDigest(key);
    const known = this.tags.get(digest);
    if (known !== undefined) return known;
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`gemini-balance-lite key tag\n${key}`)));
    const tag = ((((hash[0] ?? 0) << 24) | ((hash[1] ?? 0) << 16) | ((hash[2] ?? 0) << 8) | (hash[3] ?? 0)) >>> 0) % TAG_SPACE;
    const text = tag.toString(36).padStart(TAG_LENGTH, '0');
    this.tags.set(digest, text);
    this.maskedKeys.set(text, maskKey(key));
    return text;
  }

  async route(keys: readonly string[], references: ResourceReferences): Promise<Route> {
    const [first, ...others] = references.tags;
    if (first) {
      const [tag, name] = first;
      const other = others.find(([otherTag]) => otherTag !== tag);
      if (other) {
        throw new ProxyError(400, `${name} and ${other[1]} were made with different keys, so they live in different projects and cannot be used in one call.`, 'resources_of_different_keys');
      }
      return { owner: await this.keyWithTag(keys, tag, name) };
    }
    const remembered = new Set(references.untagged.map((name) => this.owners.get(keyDigest(name))));
    const [tag] = remembered;
    if (remembered.size === 1 && tag !== undefined) {
      const owner = await this.findKey(keys, tag);
      if (owner !== undefined) return { owner };
    }
    return keys.length > 1 ? { probe: references.untagged } : null;
  }

  /** The key of the list that found the names: it is asked first next time. */
  async remember(names: readonly string[], key: string): Promise<void> {
    const tag = await this.tagOf(key);
    for (const name of names) this.owners.set(keyDigest(name), tag);
  }

  private async keyWithTag(keys: readonly string[], tag: string, name: string): Promise<string> {
    const key = await this.findKey(keys, tag);
    if (key !== undefined) return key;
    const masked = this.maskedKeys.peek(tag);
    throw new ProxyError(
      403,
      `${name} belongs to the key that created it (${masked ?? `key tag ${tag}`}), which is not among the keys of this request. Send that key in the list: a file, interaction, cache or batch exists only in the project of its key.`,
      'resource_key_missing',
      { geminiStatus: 'PERMISSION_DENIED' },
    );
  }

  private async findKey(keys: readonly string[], tag: string): Promise<string | undefined> {
    for (const key of keys) if ((await this.tagOf(key)) === tag) return key;
    return undefined;
  }
}

const ownersOfInstance = new WeakMap<KeyHealth, ResourceOwners>();

/** The memory of one running proxy: kept beside its key health, so that a fresh handler starts with none. */
export function resourceOwnersOf(health: KeyHealth): ResourceOwners {
  let owners = ownersOfInstance.get(health);
  if (!owners) {
    owners = new ResourceOwners();
    ownersOfInstance.set(health, owners);
  }
  return owners;
}
