import type { GeminiClient } from './gemini-client.ts';
import type { GeminiModelList } from './types.ts';

/** Gemini lists fewer than a hundred models; the cap only guards against a page token that never ends. */
const MAX_MODEL_PAGES = 10;

/** Every page of Gemini's model list, as the faces' model lists are made from it. */
export async function listModelPages(gemini: GeminiClient): Promise<GeminiModelList[]> {
  const pages: GeminiModelList[] = [];
  let pageToken: string | undefined;
  do {
    const page = await gemini.json<GeminiModelList>('/v1beta/models', `?pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
    pages.push(page);
    pageToken = page.nextPageToken;
  } while (pageToken && pages.length < MAX_MODEL_PAGES);
  return pages;
}

/** The model id a `GET …/models/{id}` path names, as sent (still percent-encoded). */
export function modelIdOfPath(url: URL): string {
  const pathname = url.pathname.replace(/\/$/, '');
  return pathname.slice(pathname.lastIndexOf('/') + 1);
}
