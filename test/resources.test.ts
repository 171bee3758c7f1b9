import { ApiError, createPartFromUri, createUserContent, GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { startLocalServer } from './support/local-server.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';

/** Three keys of three projects: the fake keeps what each makes in its own project. */
const KEYS = ['AIzaSyProjectAlphaKey111111111111111111', 'AIzaSyProjectBravoKey222222222222222222', 'AIzaSyProjectCharlieKey3333333333333333'];
const [ALPHA, BRAVO, CHARLIE] = KEYS as [string, string, string];
const TAGGED = /gblk[a-z0-9]{6}$/;

const setup = useProxyAgainstFake();
/** Every name and id the proxy handed out, checked for keys at the end. */
const handedOut: string[] = [];

function client(keys: readonly string[] = KEYS): GoogleGenAI {
  return new GoogleGenAI({ apiKey: keys.join(','), httpOptions: { baseUrl: setup.server.url } });
}

function handOut(...ids: Array<string | undefined>): void {
  for (const id of ids) {
    expect(id).toBeDefined();
    handedOut.push(id as string);
  }
}

async function upload(ai: GoogleGenAI, text: string) {
  const file = await ai.files.upload({ file: new Blob([text], { type: 'text/plain' }), config: { mimeType: 'text/plain', displayName: 'notes' } });
  handOut(file.name, file.uri);
  return file;
}

function upstreamSince(start: number) {
  return setup.fake.requests.slice(start);
}

interface InteractionEvent {
  event_type?: string;
  interaction?: { id?: string; status?: string };
  delta?: { text?: string };
}

async function readInteractionStream(stream: AsyncIterable<unknown>): Promise<{ id: string; text: string }> {
  let id = '';
  let text = '';
  for await (const raw of stream) {
    const event = raw as InteractionEvent;
    if (event.event_type === 'interaction.created' && event.interaction?.id) id = event.interaction.id;
    if (event.event_type === 'step.delta') text += event.delta?.text ?? '';
  }
  return { id, text };
}

describe('files, interactions, caches and batches stay with the key that made them', () => {
  it('uploads a file, uses it, reads it and deletes it, 20 times, over keys of three projects', async () => {
    const ai = client();
    const creators = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const start = setup.fake.requests.length;
      const file = await upload(ai, `file ${round}`);
      expect(file.name).toMatch(TAGGED);
      expect(file.uri).toMatch(TAGGED);
      const creator = upstreamSince(start)[0]!.key!;
      creators.add(creator);

      const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: createUserContent([createPartFromUri(file.uri!, 'text/plain'), 'What is in it?']) });
      expect(answer.text).toContain('strawberry');
      const got = await ai.files.get({ name: file.name! });
      expect(got.name).toBe(file.name);
      expect(got.sizeBytes).toBe(String(`file ${round}`.length));
      await ai.files.delete({ name: file.name! });

      const calls = upstreamSince(start).filter((request) => !request.search.includes('upload_id'));
      expect(calls.map((request) => request.key)).toEqual([creator, creator, creator, creator]);
    }
    expect(creators).toEqual(new Set(KEYS));
  });

  it('lists the files of the key that answered, with their names tagged', async () => {
    const file = await upload(client([CHARLIE]), 'listed');
    const names: string[] = [];
    for await (const listed of await client([CHARLIE]).files.list()) names.push(listed.name ?? '');
    expect(names).toEqual([file.name]);
  });

  it("reads a list's further pages with the key that listed, whichever key's turn it is", async () => {
    for (let i = 0; i < 3; i++) await upload(client([ALPHA]), `paged ${i}`);
    const all: string[] = [];
    for await (const listed of await client([ALPHA]).files.list()) all.push(listed.name ?? '');
    const first = (await (await fetch(`${setup.server.url}/v1beta/files?pageSize=1`, { headers: { 'x-goog-api-key': ALPHA } })).json()) as { files: Array<{ name: string }>; nextPageToken: string };
    expect(first.nextPageToken).toMatch(TAGGED);
    const start = setup.fake.requests.length;
    const rest: string[] = [];
    for await (const listed of await client().files.list({ config: { pageSize: 1, pageToken: first.nextPageToken } })) rest.push(listed.name ?? '');
    expect([first.files[0]!.name, ...rest]).toEqual(all);
    expect(new Set(upstreamSince(start).map((request) => request.key))).toEqual(new Set([ALPHA]));
    expect(upstreamSince(start).length).toBe(all.length - 1);
  });

  it('downloads a file byte for byte with its key, even when the file is JSON naming files', async () => {
    const content = '{ "name": "files/abc",\n  "uri": "https://generativelanguage.googleapis.com/v1beta/files/abc" }';
    const ai = client();
    const file = await ai.files.upload({ file: new Blob([content], { type: 'application/json' }), config: { mimeType: 'application/json' } });
    const response = await fetch(`${setup.server.url}/v1beta/${file.name}:download?alt=media`, { headers: { 'x-goog-api-key': KEYS.join(',') } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(content);
  });

  it('follows a 10-turn previous_interaction_id chain, plain and streamed, each turn with the key of the first', async () => {
    const ai = client();
    for (const streamed of [false, true]) {
      let previous: string | undefined;
      let owner: string | undefined;
      for (let turn = 1; turn <= 10; turn++) {
        const start = setup.fake.requests.length;
        const params = { model: 'gemini-2.5-flash', input: `question ${turn}`, ...(previous ? { previous_interaction_id: previous } : {}) };
        if (streamed) {
          const { id, text } = await readInteractionStream(await ai.interactions.create({ ...params, stream: true }));
          expect(text).toBe(`turn ${turn}: question ${turn}`);
          previous = id;
        } else {
          const interaction = await ai.interactions.create(params);
          expect(interaction.output_text).toBe(`turn ${turn}: question ${turn}`);
          previous = interaction.id;
        }
        handOut(previous);
        expect(previous).toMatch(TAGGED);
        const sent = upstreamSince(start);
        expect(sent).toHaveLength(1);
        owner ??= sent[0]!.key!;
        expect(sent[0]!.key).toBe(owner);
      }
      const replay = await readInteractionStream(await ai.interactions.get(previous!, { stream: true }));
      expect(replay).toEqual({ id: previous, text: 'turn 10: question 10' });
    }
  });

  it("passes each event of an interaction's stream on, tagged, before the upstream sends the next", async () => {
    const order: string[] = [];
    const received = Array.from({ length: 6 }, () => {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      return { promise, resolve };
    });
    setup.fake.resources.onEventSent = (index) => order.push(`sent ${index}`);
    // A proxy that held events back would wait forever: the fallback lets the order show it instead.
    setup.fake.resources.eventGate = (index) => Promise.race([received[index - 1]!.promise, new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]);
    try {
      let index = 0;
      for await (const raw of await client().interactions.create({ model: 'gemini-2.5-flash', input: 'paced', stream: true })) {
        const event = raw as InteractionEvent;
        if (event.event_type === 'interaction.created') expect(event.interaction?.id).toMatch(TAGGED);
        order.push(`received ${index}`);
        received[index++]?.resolve();
      }
      expect(order).toEqual(Array.from({ length: 6 }, (_, i) => [`sent ${i}`, `received ${i}`]).flat());
    } finally {
      setup.fake.resources.eventGate = undefined;
      setup.fake.resources.onEventSent = undefined;
    }
  });

  it('polls a background interaction with get until it is done, then cancels and deletes another', async () => {
    const ai = client();
    const started = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'think long', background: true });
    handOut(started.id);
    expect(started.status).toBe('in_progress');
    let polled = started;
    let polls = 0;
    while (polled.status === 'in_progress') {
      polled = await ai.interactions.get(started.id);
      polls++;
    }
    expect(polled).toMatchObject({ id: started.id, status: 'completed', output_text: 'turn 1: think long' });
    expect(polls).toBe(2);

    const other = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'never mind', background: true });
    expect((await ai.interactions.cancel(other.id)).status).toBe('cancelled');
    await ai.interactions.delete(other.id);
    await expect(ai.interactions.get(other.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('makes a context cache from a file, and generates with the cache, all with the key of the file', async () => {
    const ai = client();
    const start = setup.fake.requests.length;
    const file = await upload(ai, 'a long document');
    const cache = await ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: createUserContent([createPartFromUri(file.uri!, 'text/plain')]), displayName: 'doc' } });
    handOut(cache.name);
    expect(cache.name).toMatch(/^cachedContents\/\w+gblk[a-z0-9]{6}$/);
    const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Summarise it.', config: { cachedContent: cache.name } });
    expect(answer.text).toContain('strawberry');
    expect((await ai.caches.get({ name: cache.name! })).name).toBe(cache.name);
    const keys = new Set(upstreamSince(start).flatMap((request) => (request.key ? [request.key] : [])));
    expect(keys.size).toBe(1);
  });

  it('creates a batch and reads it back', async () => {
    const ai = client();
    const batch = await ai.batches.create({ model: 'gemini-2.5-flash', src: [{ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }], config: { displayName: 'nightly' } });
    handOut(batch.name);
    expect(batch.name).toMatch(/^batches\/\w+gblk[a-z0-9]{6}$/);
    const read = await ai.batches.get({ name: batch.name! });
    expect(read).toMatchObject({ name: batch.name, state: 'JOB_STATE_SUCCEEDED', displayName: 'nightly' });
  });

  it('never moves a call about a resource to another key: its key out of quota or Gemini overloaded comes back as it is', async () => {
    const ai = client();
    const start = setup.fake.requests.length;
    const file = await upload(ai, 'pinned');
    const owner = upstreamSince(start)[0]!.key!;
    const interaction = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'first' });
    const interactionOwner = setup.fake.requests.at(-1)!.key!;
    const generate = () =>
      fetch(`${setup.server.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': KEYS.join(','), 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ fileData: { fileUri: file.uri, mimeType: 'text/plain' } }, { text: 'hi' }] }] }),
      });
    const nextTurn = () =>
      fetch(`${setup.server.url}/v1beta/interactions`, {
        method: 'POST',
        headers: { 'x-goog-api-key': KEYS.join(','), 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', input: 'second', previous_interaction_id: interaction.id }),
      });
    try {
      for (const [status, send, key] of [[429, generate, owner], [503, generate, owner], [503, nextTurn, interactionOwner], [429, nextTurn, interactionOwner]] as const) {
        setup.fake.resources.outage.set(key, status);
        const before = setup.fake.requests.length;
        const response = await send();
        expect(response.status).toBe(status);
        expect(upstreamSince(before).map((request) => request.key)).toEqual([key]);
        setup.fake.resources.outage.clear();
      }
      expect((await generate()).status).toBe(200);
      expect((await nextTurn()).status).toBe(200);
    } finally {
      setup.fake.resources.outage.clear();
    }
  });

  it('finds a file made outside the proxy by trying the keys, then goes straight to its key', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push(await uploadDirectly(BRAVO, `outside ${i}`));
    const ai = client();
    const firstStart = setup.fake.requests.length;
    for (const name of names) {
      const found = await ai.files.get({ name });
      expect(found.name).toBe(`${name}${found.name!.slice(name.length)}`);
      expect(found.name).toMatch(TAGGED);
    }
    // Three lookups starting at three different keys: the one owner is found after 1, 2 and 3 tries.
    expect(upstreamSince(firstStart).length).toBeGreaterThan(3);
    for (const name of names) {
      const start = setup.fake.requests.length;
      await ai.files.get({ name });
      expect(upstreamSince(start).map((request) => request.key)).toEqual([BRAVO]);
    }
  });

  it("says which key a resource needs when the list lacks it, in Gemini's error shape, without asking upstream", async () => {
    const file = await upload(client([ALPHA]), 'alpha only');
    const start = setup.fake.requests.length;
    const call = client([BRAVO, CHARLIE]).files.get({ name: file.name! });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    const error = (await call.catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(403);
    expect(error.message).toContain(file.name);
    expect(error.message).toContain('AIzaSy…1111');
    expect(error.message).toContain('PERMISSION_DENIED');
    expect(error.message).not.toContain(ALPHA);
    expect(upstreamSince(start)).toHaveLength(0);

    const raw = await fetch(`${setup.server.url}/v1beta/${file.name}`, { headers: { 'x-goog-api-key': `${BRAVO},${CHARLIE}` } });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });

  it('refuses one call naming resources of two keys', async () => {
    const alphaFile = await upload(client([ALPHA]), 'a');
    const bravoFile = await upload(client([BRAVO]), 'b');
    const call = client().models.generateContent({
      model: 'gemini-2.5-flash',
      contents: createUserContent([createPartFromUri(alphaFile.uri!, 'text/plain'), createPartFromUri(bravoFile.uri!, 'text/plain')]),
    });
    await expect(call).rejects.toMatchObject({ status: 400 });
  });

  it("with the key pool on the server, keeps each file and interaction with the pool's key that made it", async () => {
    const pool = await startLocalServer({ GEMINI_BASE_URL: setup.fake.url, GEMINI_API_KEYS: KEYS.join(','), ACCESS_TOKENS: 'pool-token' });
    try {
      const ai = new GoogleGenAI({ apiKey: 'pool-token', httpOptions: { baseUrl: pool.url } });
      for (let round = 0; round < 6; round++) {
        const start = setup.fake.requests.length;
        const file = await ai.files.upload({ file: new Blob([`pooled ${round}`], { type: 'text/plain' }), config: { mimeType: 'text/plain' } });
        expect((await ai.files.get({ name: file.name! })).name).toBe(file.name);
        const first = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'one' });
        const second = await ai.interactions.create({ model: 'gemini-2.5-flash', input: 'two', previous_interaction_id: first.id });
        expect(second.output_text).toBe('turn 2: two');
        const sent = upstreamSince(start);
        expect(sent[2]!.key).toBe(sent[0]!.key);
        expect(sent[4]!.key).toBe(sent[3]!.key);
        handOut(file.name, file.uri, first.id, second.id);
      }
      for (const key of KEYS) expect(pool.output()).not.toContain(key);
    } finally {
      await pool.stop();
    }
  });

  it('never lets a tag reach the upstream, and hands out no key or part of one', () => {
    expect(handedOut.length).toBeGreaterThan(50);
    for (const request of setup.fake.requests) expect(`${request.path}${request.search}${request.body}`).not.toContain('gblk');
    const fragments = KEYS.flatMap((key) => Array.from({ length: key.length - 5 }, (_, index) => key.slice(index, index + 6)));
    for (const id of handedOut) for (const fragment of fragments) expect(id, id).not.toContain(fragment);
    for (const key of KEYS) expect(setup.server.output()).not.toContain(key);
  });
});

/** A file uploaded straight to the fake with one key, as another tool would: its name carries no tag. */
async function uploadDirectly(key: string, text: string): Promise<string> {
  const start = await fetch(`${setup.fake.url}/upload/v1beta/files`, {
    method: 'POST',
    headers: { 'x-goog-api-key': key, 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start', 'content-type': 'application/json' },
    body: '{"file":{"display_name":"outside"}}',
  });
  const finish = await fetch(start.headers.get('x-goog-upload-url')!, { method: 'POST', headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '0' }, body: text });
  return ((await finish.json()) as { file: { name: string } }).file.name;
}
