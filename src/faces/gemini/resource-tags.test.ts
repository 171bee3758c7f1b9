import { describe, expect, it } from 'vitest';
import { rewriteEventStream } from '../../gemini/rewrite-answer.ts';
import { findPageTokenTag, findReferences, isResourceCall, mayReferToResources, tagAnswer, tagName } from './resource-tags.ts';

const TAG = 'k7f3a2';

describe('tagging names', () => {
  it('tags the ids of names and API URLs, and nothing else', () => {
    expect(tagName('files/abc123', TAG)).toBe('files/abc123gblkk7f3a2');
    expect(tagName('https://generativelanguage.googleapis.com/v1beta/files/abc123:download?alt=media', TAG)).toBe(
      'https://generativelanguage.googleapis.com/v1beta/files/abc123gblkk7f3a2:download?alt=media',
    );
    expect(tagName('fileSearchStores/s1/operations/op-9', TAG)).toBe('fileSearchStores/s1gblkk7f3a2/operations/op-9gblkk7f3a2');
    expect(tagName('models/veo-3/operations/x1', TAG)).toBe('models/veo-3/operations/x1gblkk7f3a2');
    expect(tagName('files/abc123gblkk7f3a2', TAG)).toBe('files/abc123gblkk7f3a2');
    for (const text of ['models/gemini-2.5-flash', 'https://example.com/files/report.pdf', 'see files/abc please', 'hello']) expect(tagName(text, TAG)).toBe(text);
  });

  it("tags an interaction's id, and interaction ids wherever they are", () => {
    const answer = { id: 'v1_Abc-_9', status: 'completed', previous_interaction_id: 'v1_Prev', steps: [{ type: 'function_call', id: 'call_1' }] };
    expect(tagAnswer(answer, TAG, true)).toEqual({ id: 'v1_Abc-_9gblkk7f3a2', status: 'completed', previous_interaction_id: 'v1_Prevgblkk7f3a2', steps: [{ type: 'function_call', id: 'call_1' }] });
    expect(tagAnswer({ event_type: 'interaction.created', interaction: { id: 'v1_A' } }, TAG, false)).toEqual({ event_type: 'interaction.created', interaction: { id: 'v1_Agblkk7f3a2' } });
    expect(tagAnswer({ event_type: 'interaction.status_update', interaction_id: 'v1_A' }, TAG, false)).toEqual({ event_type: 'interaction.status_update', interaction_id: 'v1_Agblkk7f3a2' });
  });

  it('tags an event stream event by event, a line cut between chunks once whole', async () => {
    const encoder = new TextEncoder();
    const chunks = ['data: {"interaction":{"id":"v1_A"}}\r\n\r\ndata: {"interaction_', 'id":"v1_A"}\n\n', 'data: [DONE]\n\n'];
    const upstream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    const out: string[] = [];
    const reader = rewriteEventStream(upstream, (event) => tagAnswer(event, TAG, false)).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) out.push(new TextDecoder().decode(read.value));
    expect(out).toEqual(['data: {"interaction":{"id":"v1_Agblkk7f3a2"}}\r\n\r\n', 'data: {"interaction_id":"v1_Agblkk7f3a2"}\n\n', 'data: [DONE]\n\n']);
  });
});

describe('finding references on the way in', () => {
  it('takes the tags off paths and bodies and says whose they are', () => {
    expect(findReferences('/v1beta/files/abc123gblkk7f3a2:download')).toEqual({ text: '/v1beta/files/abc123:download', tags: new Map([[TAG, 'files/abc123gblkk7f3a2']]), untagged: [] });
    const body = JSON.stringify({ previous_interaction_id: 'v1_Xgblkk7f3a2', input: [{ type: 'document', uri: 'https://h/v1beta/files/f1gblkk7f3a2' }] });
    const found = findReferences(body);
    expect(found?.text).toBe(JSON.stringify({ previous_interaction_id: 'v1_X', input: [{ type: 'document', uri: 'https://h/v1beta/files/f1' }] }));
    expect([...(found?.tags.keys() ?? [])]).toEqual([TAG]);
  });

  it('lists names without a tag, and finds nothing in a body without references', () => {
    expect(findReferences('/v1beta/interactions/v1_Q/cancel')?.untagged).toEqual(['interactions/v1_Q']);
    expect(findReferences('{"cachedContent":"cachedContents/c1","previous_interaction_id":"v1_P"}')?.untagged).toEqual(['cachedContents/c1', 'interactions/v1_P']);
    expect(findReferences('/v1beta/models/gemini-2.5-flash:generateContent')).toBeNull();
    expect(findReferences('{"contents":[{"parts":[{"text":"my profiles/abc and gblkk7f3a2"}]}]}')).toBeNull();
  });

  it('looks for references in a generation request by its keys only', () => {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(mayReferToResources(encode({ contents: [{ parts: [{ fileData: { fileUri: 'x' } }] }] }))).toBe(true);
    expect(mayReferToResources(encode({ cachedContent: 'cachedContents/c' }))).toBe(true);
    expect(mayReferToResources(encode({ contents: [{ parts: [{ text: 'fileUri files/abc' }, { inlineData: { data: 'AAAA/files/x' } }] }] }))).toBe(false);
  });

  it("takes the tag off a list's page token, leaving the rest of the query as it was", () => {
    expect(findPageTokenTag('?pageSize=1&pageToken=Cg%2Bx_9gblkk7f3a2&x=a%20b')).toEqual({ search: '?pageSize=1&pageToken=Cg%2Bx_9&x=a%20b', tag: TAG });
    expect(findPageTokenTag('?pageToken=Cgx9')).toBeNull();
    expect(findPageTokenTag('?pageSize=1')).toBeNull();
    expect(tagAnswer({ files: [], nextPageToken: 'Cgx9' }, TAG, false)).toEqual({ files: [], nextPageToken: 'Cgx9gblkk7f3a2' });
  });

  it('tells resource calls from the rest', () => {
    for (const path of ['/v1beta/files', '/v1beta/files/a', '/upload/v1beta/files', '/v1beta/interactions', '/v1beta/cachedContents/c', '/v1beta/models/m:batchGenerateContent', '/v1beta/models/veo:predictLongRunning', '/v1beta/models/veo/operations/o']) {
      expect(isResourceCall(path), path).toBe(true);
    }
    for (const path of ['/v1beta/models/m:generateContent', '/v1beta/models', '/v1beta/openai/chat/completions']) expect(isResourceCall(path), path).toBe(false);
  });
});
