import { listModelPages, modelIdOfPath } from '../../gemini/list-models.ts';
import type { GeminiModel } from '../../gemini/types.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertModel, convertModelList } from './convert-models.ts';
import { geminiModelFor } from './model-map.ts';
import { geminiClientFor } from './request-keys.ts';

/** `GET /v1/models` of an Anthropic client: every page of Gemini's list, in Anthropic's shape. */
export async function handleModels(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  return Response.json(convertModelList(await listModelPages(gemini)));
}

/** `GET /v1/models/{id}`: a `claude-*` id is answered with the Gemini model it maps to, under the id asked for. */
export async function handleModel(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const id = modelIdOfPath(context.url);
  const model = await gemini.json<GeminiModel>(`/v1beta/models/${geminiModelFor(id, context.config)}`, '');
  return Response.json(convertModel(model, id));
}
