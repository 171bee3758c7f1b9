import type { GeminiModel, GeminiModelList } from '../../gemini/types.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertModel, convertModelList } from './convert-models.ts';
import { geminiModelFor } from './model-map.ts';
import { geminiClientFor } from './request-keys.ts';

/** Gemini lists fewer than a hundred models; the cap only guards against a page token that never ends. */
const MAX_MODEL_PAGES = 10;

/** `GET /v1/models` of an Anthropic client: every page of Gemini's list, in Anthropic's shape. */
export async function handleModels(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const pages: GeminiModelList[] = [];
  let pageToken: string | undefined;
  do {
    const page = await gemini.json<GeminiModelList>('/v1beta/models', `?pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
    pages.push(page);
    pageToken = page.nextPageToken;
  } while (pageToken && pages.length < MAX_MODEL_PAGES);
  return Response.json(convertModelList(pages));
}

/** `GET /v1/models/{id}`: a `claude-*` id is answered with the Gemini model it maps to, under the id asked for. */
export async function handleModel(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const pathname = context.url.pathname.replace(/\/$/, '');
  const id = pathname.slice(pathname.lastIndexOf('/') + 1);
  const model = await gemini.json<GeminiModel>(`/v1beta/models/${geminiModelFor(id, context.config)}`, '');
  return Response.json(convertModel(model, id));
}
