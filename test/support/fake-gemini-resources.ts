/**
 * The stateful part of the fake Gemini API: files, interactions, context caches and batches, each kept
 * in the project of the key that made it, as Google keeps them. Each key is a project of its own
 * unless `projectOf` says otherwise. Another project's file is a 403 PERMISSION_DENIED; another
 * project's interaction, cache or batch a 404, whatever key asks.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

type JsonBody = Record<string, unknown>;

interface Owned {
  readonly project: string;
  value: JsonBody;
  /** A file's bytes. */
  readonly content?: string;
}

interface StoredInteraction extends Owned {
  readonly turn: number;
  readonly answer: string;
  /** Polls left before a background interaction is done. */
  pollsLeft: number;
}

export interface FakeResources {
  /** The project a key belongs to; by default each key is its own. */
  projectOf: (key: string) => string;
  readonly files: Map<string, Owned>;
  readonly caches: Map<string, Owned>;
  readonly batches: Map<string, Owned>;
  readonly interactions: Map<string, StoredInteraction>;
  readonly uploads: Map<string, { project: string; file: JsonBody }>;
  /** A list's page tokens: the next page, readable only in the project that listed. */
  readonly pageTokens: Map<string, { project: string; offset: number }>;
  /** Awaited before an interaction stream's event with this index (from 1) is written; told after each is written. */
  eventGate?: (index: number) => Promise<void>;
  onEventSent?: (index: number) => void;
  /** Projects (a key, by default) whose resource and generation calls get this status (429, 503) for now, with Google's error. */
  readonly outage: Map<string, number>;
}

export function createFakeResources(): FakeResources {
  return { projectOf: (key) => key, files: new Map(), caches: new Map(), batches: new Map(), interactions: new Map(), uploads: new Map(), outage: new Map(), pageTokens: new Map() };
}

export interface ResourceRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const BACKGROUND_POLLS = 2;

function id(prefix = ''): string {
  return prefix + randomBytes(8).toString('hex').slice(0, 12);
}

function notFound(what: string): [number, JsonBody] {
  return [404, { error: { code: 404, message: `${what} not found.`, status: 'NOT_FOUND' } }];
}

function fileDenied(name: string): [number, JsonBody] {
  return [403, { error: { code: 403, message: `You do not have permission to access the File ${name.replace('files/', '')} or it may not exist.`, status: 'PERMISSION_DENIED' } }];
}

/**
 * Answers the resource endpoints; undefined for a path that is not one. `/upload/` continuations
 * carry no key: their upload id says which project the file goes to.
 */
export function answerResources(resources: FakeResources, request: ResourceRequest, url: URL, baseUrl: string, res: ServerResponse): Promise<void> | undefined {
  const project = request.key === null ? null : resources.projectOf(request.key);
  const outage = outageError(resources, project);
  if (outage && /^\/v1beta\/(files|cachedContents|batches|interactions)/.test(request.path)) return Promise.resolve(send(res, ...outage));
  if (request.path.startsWith('/upload/')) return Promise.resolve(send(res, ...upload(resources, request, url, project, baseUrl)));
  const match = /^\/v1beta\/(files|cachedContents|batches|interactions)(?:\/([^/:]+))?(?:\/(cancel)|:(download))?$/.exec(request.path);
  if (!match || project === null) return undefined;
  const [, collection, resourceId, action, download] = match;
  const body = request.body ? (JSON.parse(request.body) as JsonBody) : {};
  if (collection === 'interactions') return interactions(resources, request, url, project, body, resourceId, action, res);
  const stores = { files: resources.files, cachedContents: resources.caches, batches: resources.batches } as const;
  const store = stores[collection as keyof typeof stores];
  if (!resourceId) {
    if (request.method === 'GET') {
      const mine = [...store.values()].filter((entry) => entry.project === project).map((entry) => entry.value);
      const token = url.searchParams.get('pageToken');
      const page = token === null ? { project, offset: 0 } : resources.pageTokens.get(token);
      if (!page || page.project !== project) return Promise.resolve(send(res, 400, { error: { code: 400, message: 'Invalid page token.', status: 'INVALID_ARGUMENT' } }));
      const end = page.offset + Number(url.searchParams.get('pageSize') ?? 100);
      const listed: JsonBody = mine.length > 0 ? { [collection as string]: mine.slice(page.offset, end) } : {};
      if (end < mine.length) {
        const next = `Cg${randomBytes(9).toString('base64url')}`;
        resources.pageTokens.set(next, { project, offset: end });
        listed.nextPageToken = next;
      }
      return Promise.resolve(send(res, 200, listed));
    }
    if (collection === 'cachedContents' && request.method === 'POST') {
      const denied = referenceError(resources, project, body);
      if (denied) return Promise.resolve(send(res, ...denied));
      const name = `cachedContents/${id('c')}`;
      const value = { name, model: body.model, displayName: body.displayName, createTime: new Date().toISOString(), expireTime: new Date(Date.now() + 3600_000).toISOString(), usageMetadata: { totalTokenCount: 1000 } };
      resources.caches.set(name, { project, value });
      return Promise.resolve(send(res, 200, value));
    }
    return undefined;
  }
  const name = `${collection}/${resourceId}`;
  const entry = store.get(name);
  if (!entry || entry.project !== project) return Promise.resolve(send(res, ...(collection === 'files' ? fileDenied(name) : notFound(name))));
  if (request.method === 'DELETE') {
    store.delete(name);
    return Promise.resolve(send(res, 200, {}));
  }
  if (download) {
    res.writeHead(200, { 'content-type': entry.value.mimeType as string });
    res.end(entry.content);
    return Promise.resolve();
  }
  if (collection === 'batches' && entry.value.metadata) {
    // A batch is done when it is read back.
    Object.assign(entry.value.metadata as JsonBody, { state: 'BATCH_STATE_SUCCEEDED' });
    entry.value.done = true;
  }
  return Promise.resolve(send(res, 200, entry.value));
}

/** A batch made by `models/…:batchGenerateContent`, in the key's project. */
export function createBatch(resources: FakeResources, key: string, model: string, body: JsonBody): [number, JsonBody] {
  const project = resources.projectOf(key);
  const denied = referenceError(resources, project, body);
  if (denied) return denied;
  const name = `batches/${id('b')}`;
  const batch = body.batch as JsonBody | undefined;
  const value: JsonBody = {
    name,
    metadata: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch', model: `models/${model}`, displayName: batch?.displayName, name, state: 'BATCH_STATE_PENDING', createTime: new Date().toISOString() },
  };
  resources.batches.set(name, { project, value });
  return [200, value];
}

/**
 * The resources a generation request names must be of the key's project: a file's URI in
 * `fileData.fileUri` (403, as Google answers) and `cachedContent` (404).
 */
export function referenceError(resources: FakeResources, project: string, body: JsonBody): [number, JsonBody] | null {
  const outage = outageError(resources, project);
  if (outage) return outage;
  const text = JSON.stringify(body);
  for (const [, fileId] of text.matchAll(/\/v1beta\/files\/([A-Za-z0-9_-]+)/g)) {
    const file = resources.files.get(`files/${fileId}`);
    if (!file || file.project !== project) return fileDenied(`files/${fileId}`);
  }
  const cache = body.cachedContent ?? body.cached_content;
  if (typeof cache === 'string') {
    const entry = resources.caches.get(cache);
    if (!entry || entry.project !== project) return notFound(cache);
  }
  return null;
}

function outageError(resources: FakeResources, project: string | null): [number, JsonBody] | null {
  const status = project === null ? undefined : resources.outage.get(project);
  if (status === undefined) return null;
  return [status, { error: { code: status, message: status === 429 ? 'You exceeded your current quota, please check your plan.' : 'The model is overloaded. Please try again later.', status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE' } }];
}

function upload(resources: FakeResources, request: ResourceRequest, url: URL, project: string | null, baseUrl: string): [number, JsonBody | null, Record<string, string>?] {
  if (request.headers['x-goog-upload-command'] === 'start') {
    if (project === null) return [403, { error: { code: 403, message: 'No key.', status: 'PERMISSION_DENIED' } }];
    const uploadId = `fake-upload-${resources.uploads.size + 1}`;
    const metadata = request.body ? ((JSON.parse(request.body) as { file?: JsonBody }).file ?? {}) : {};
    resources.uploads.set(uploadId, { project, file: metadata });
    // Like Google, the session URL carries the start's query on, `key` included.
    const startQuery = url.search ? `&${url.search.slice(1)}` : '';
    return [200, null, { 'x-goog-upload-url': `${baseUrl}/upload/v1beta/files?upload_id=${uploadId}&upload_protocol=resumable${startQuery}`, 'x-goog-upload-status': 'active' }];
  }
  const session = resources.uploads.get(url.searchParams.get('upload_id') ?? '');
  if (!session) return [400, { error: { code: 400, message: 'Upload has no upload_id.', status: 'INVALID_ARGUMENT' } }];
  const fileId = id('f');
  const file = {
    name: `files/${fileId}`,
    displayName: session.file.display_name ?? session.file.displayName,
    mimeType: String(session.file.mimeType ?? session.file.mime_type ?? 'text/plain'),
    sizeBytes: String(Buffer.byteLength(request.body)),
    uri: `${baseUrl}/v1beta/files/${fileId}`,
    downloadUri: `${baseUrl}/v1beta/files/${fileId}:download?alt=media`,
    state: 'ACTIVE',
  };
  resources.files.set(file.name, { project: session.project, value: file, content: request.body });
  return [200, { file }, { 'x-goog-upload-status': 'final' }];
}

async function interactions(
  resources: FakeResources,
  request: ResourceRequest,
  url: URL,
  project: string,
  body: JsonBody,
  interactionId: string | undefined,
  action: string | undefined,
  res: ServerResponse,
): Promise<void> {
  if (!interactionId) {
    if (request.method !== 'POST') return send(res, 404, notFound('method')[1]);
    const previousId = body.previous_interaction_id;
    let turn = 1;
    if (typeof previousId === 'string') {
      const previous = resources.interactions.get(previousId);
      if (!previous || previous.project !== project) return send(res, ...notFound(`Interaction ${previousId}`));
      turn = previous.turn + 1;
    }
    const newId = `v1_Ch${randomBytes(12).toString('base64url')}`;
    const input = typeof body.input === 'string' ? body.input : JSON.stringify(body.input);
    const stored: StoredInteraction = {
      project,
      turn,
      answer: `turn ${turn}: ${input}`,
      pollsLeft: body.background === true ? BACKGROUND_POLLS : 0,
      value: { id: newId, model: body.model, status: body.background === true ? 'in_progress' : 'completed', created: new Date().toISOString(), ...(typeof previousId === 'string' ? { previous_interaction_id: previousId } : {}) },
    };
    resources.interactions.set(newId, stored);
    return body.stream === true ? streamInteraction(resources, stored, res) : send(res, 200, snapshot(stored));
  }
  const stored = resources.interactions.get(interactionId);
  if (!stored || stored.project !== project) return send(res, ...notFound(`Interaction ${interactionId}`));
  if (request.method === 'DELETE') {
    resources.interactions.delete(interactionId);
    return send(res, 200, {});
  }
  if (action === 'cancel') {
    if (stored.value.status === 'in_progress') stored.value.status = 'cancelled';
    return send(res, 200, snapshot(stored));
  }
  if (stored.value.status === 'in_progress' && --stored.pollsLeft <= 0) stored.value.status = 'completed';
  return url.searchParams.get('stream') === 'true' ? streamInteraction(resources, stored, res) : send(res, 200, snapshot(stored));
}

function snapshot(stored: StoredInteraction): JsonBody {
  const done = stored.value.status === 'completed';
  return { ...stored.value, steps: done ? [{ type: 'model_output', content: [{ type: 'text', text: stored.answer }] }] : [], usage: { total_tokens: 10 } };
}

async function streamInteraction(resources: FakeResources, stored: StoredInteraction, res: ServerResponse): Promise<void> {
  const interactionId = stored.value.id as string;
  const events: JsonBody[] = [
    { event_type: 'interaction.created', interaction: { ...stored.value, status: 'in_progress' }, event_id: 'e1' },
    { event_type: 'interaction.status_update', interaction_id: interactionId, status: 'in_progress', event_id: 'e2' },
    { event_type: 'step.start', index: 0, step: { type: 'model_output', content: [] }, event_id: 'e3' },
    { event_type: 'step.delta', index: 0, delta: { type: 'text', text: stored.answer }, event_id: 'e4' },
    { event_type: 'step.stop', index: 0, event_id: 'e5' },
    { event_type: 'interaction.completed', interaction: { ...stored.value, status: 'completed', usage: { total_tokens: 10 } }, event_id: 'e6' },
  ];
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [index, event] of events.entries()) {
    if (index > 0) await resources.eventGate?.(index);
    res.write(`event: ${event.event_type as string}\ndata: ${JSON.stringify(event)}\n\n`);
    resources.onEventSent?.(index);
  }
  res.end('data: [DONE]\n\n');
}

function send(res: ServerResponse, status: number, body: JsonBody | null, headers: Record<string, string> = {}): void {
  if (body === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}
