/**
 * Files, interactions, context caches, batches and file search stores live in the project of the key
 * that made them. The names and ids the proxy hands out end in a tag of that key — `gblk` and six
 * characters of a SHA-256 of the key (`files/abc123gblk4k9x2q`) — and the tag is taken off wherever
 * the name comes back, so that the call goes with that key and the upstream never sees a tag.
 * Lowercase letters and digits only: @google/genai reads a file's name out of its URI as `[a-z0-9]+`.
 */
export const TAG_MARKER = 'gblk';
export const TAG_LENGTH = 6;
const TAG_SUFFIX = new RegExp(`${TAG_MARKER}([a-z0-9]{${TAG_LENGTH}})$`);

/** Collections whose members belong to one project, as they appear in names and paths. */
const BOUND = 'files|cachedContents|batches|fileSearchStores|operations|tunedModels|generatedFiles';
/** Where a name is referred to: after a collection (in a path, a name or a URI), or as an interaction id. */
const REFERENCE = new RegExp(`(${BOUND}|interactions)/([A-Za-z0-9_-]+)|("previous_interaction_id"\\s*:\\s*")([A-Za-z0-9_-]+)`, 'g');
/** What a JSON body must contain (as a key) to refer to a resource, on the calls that are no resource calls themselves. */
const REFERENCE_KEYS = ['fileUri', 'file_uri', 'cachedContent', 'cached_content', 'fileSearchStoreNames', 'file_search_store_names', 'previous_interaction_id'].map(
  (key) => new TextEncoder().encode(`${key}"`),
);

/** Calls about resources, or that make them: their JSON answers (small) are read to tag the names in them. */
const RESOURCE_CALL = new RegExp(`^/v1[a-z]*/(?:${BOUND}|interactions)(?:[/:]|$)|^/upload/|/operations/|:(?:batchGenerateContent|asyncBatchEmbedContent|predictLongRunning)$`);

export function isResourceCall(pathname: string): boolean {
  return RESOURCE_CALL.test(pathname);
}

export interface ResourceReferences {
  /** The text with every tag taken off. */
  readonly text: string;
  /** The tags found, and the names that carried them as the client sent them. */
  readonly tags: ReadonlyMap<string, string>;
  /** Names without a tag (`files/abc`, `interactions/v1_xyz`): the proxy did not hand them out. */
  readonly untagged: readonly string[];
}

/** The resources a path or a JSON body refers to; null when it refers to none. */
export function findReferences(text: string): ResourceReferences | null {
  const tags = new Map<string, string>();
  const untagged: string[] = [];
  const stripped = text.replace(REFERENCE, (match, collection: string | undefined, pathId: string | undefined, field: string | undefined, fieldId: string | undefined, offset: number) => {
    // A collection begins a name or a path segment (`"files/…`, `/files/…`), not a word (`profiles/…`).
    // Checked here rather than by a lookbehind, which would slow the search through a large body sevenfold.
    if (collection !== undefined && offset > 0 && text[offset - 1] !== '/' && text[offset - 1] !== '"') return match;
    const id = (pathId ?? fieldId) as string;
    const tag = TAG_SUFFIX.exec(id)?.[1];
    const name = `${collection ?? 'interactions'}/${id}`;
    if (tag === undefined || id.length === TAG_MARKER.length + TAG_LENGTH) {
      untagged.push(name);
      return match;
    }
    if (!tags.has(tag)) tags.set(tag, name);
    const bare = id.slice(0, -(TAG_MARKER.length + TAG_LENGTH));
    return collection === undefined ? `${field}${bare}` : `${collection}/${bare}`;
  });
  if (tags.size === 0 && untagged.length === 0) return null;
  return { text: tags.size > 0 ? stripped : text, tags, untagged };
}

const PAGE_TOKEN = /([?&](?:pageToken|page_token)=)([^&#]*)/;

/** The query with the tag taken off a list's page token, and the tag; null when the token carries none. */
export function findPageTokenTag(search: string): { readonly search: string; readonly tag: string } | null {
  const match = PAGE_TOKEN.exec(search);
  if (!match) return null;
  let token: string;
  try {
    token = decodeURIComponent((match[2] as string).replace(/\+/g, ' '));
  } catch {
    return null;
  }
  const tag = TAG_SUFFIX.exec(token)?.[1];
  if (tag === undefined || token.length === TAG_MARKER.length + TAG_LENGTH) return null;
  const bare = encodeURIComponent(token.slice(0, -(TAG_MARKER.length + TAG_LENGTH)));
  return { search: search.replace(PAGE_TOKEN, (_match, name: string) => `${name}${bare}`), tag };
}

/**
 * Whether a body of a call that makes no resource may still name one (a file's URI, a cache, a
 * store): looks only at the bytes after each quote, so that a body of inline media is not decoded.
 */
export function mayReferToResources(body: Uint8Array): boolean {
  for (let quote = body.indexOf(34); quote !== -1; quote = body.indexOf(34, quote + 1)) {
    for (const key of REFERENCE_KEYS) {
      if (body[quote + 1] === key[0] && startsWithAt(body, key, quote + 1)) return true;
    }
  }
  return false;
}

function startsWithAt(bytes: Uint8Array, prefix: Uint8Array, at: number): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

export function withTag(id: string, tag: string): string {
  return TAG_SUFFIX.test(id) ? id : `${id}${TAG_MARKER}${tag}`;
}

const NAME_LIKE = new RegExp(`^(?:https?://[^\\s/]+(?:/[^\\s?#]*)?/v1[a-z]*/)?(?:${BOUND}|models)/\\S+$`);
const NAME_PARTS = new RegExp(`(^|/)(${BOUND})/([A-Za-z0-9_-]+)`, 'g');
/** Ids tagged wherever they are: interactions, and a list's next page, which only the key that listed can read. */
const ID_FIELDS = new Set(['previous_interaction_id', 'interaction_id', 'nextPageToken', 'next_page_token']);

/** A name or API URL with the collection ids in it tagged (`files/abc` → `files/abcgblk4k9x2q`); any other text as it was. */
export function tagName(value: string, tag: string): string {
  if (!NAME_LIKE.test(value)) return value;
  return value.replace(NAME_PARTS, (_match, before: string, collection: string, id: string) => `${before}${collection}/${withTag(id, tag)}`);
}

/**
 * A resource call's answer with its names tagged: every string that is a resource name or API URL,
 * interaction ids (the `id` of an interaction, `previous_interaction_id`, `interaction_id`).
 * `isInteraction` says whether the value itself is an interaction (the answer of `/interactions…`).
 */
export function tagAnswer(value: unknown, tag: string, isInteraction: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => tagAnswer(item, tag, false));
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? tagName(value, tag) : value;
  const tagged: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    if (typeof item === 'string' && (ID_FIELDS.has(field) || (isInteraction && field === 'id'))) tagged[field] = withTag(item, tag);
    else tagged[field] = tagAnswer(item, tag, field === 'interaction');
  }
  return tagged;
}
