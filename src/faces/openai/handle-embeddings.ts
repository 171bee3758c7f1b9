import { readUpstreamJson } from '../../gemini/gemini-client.ts';
import type { GeminiBatchEmbedResponse } from '../../gemini/types.ts';
import { readJsonBody } from '../../http/read-request-body.ts';
import type { RequestContext } from '../../request-context.ts';
import { convertEmbeddingsRequest, convertEmbeddingsResponse } from './convert-embeddings.ts';
import { geminiClientFor } from './request-keys.ts';

const PARALLEL_EMBEDDING_BATCHES = 4;

/** `POST /v1/embeddings`: Gemini batchEmbedContents, 100 inputs a batch, a few batches at a time. */
export async function handleEmbeddings(request: Request, context: RequestContext): Promise<Response> {
  const gemini = geminiClientFor(request, context);
  const embeddings = convertEmbeddingsRequest(await readJsonBody(request, context.config.maxRequestBodyBytes), context.config.defaultEmbeddingModel);
  const path = `/v1beta/models/${embeddings.model}:batchEmbedContents`;
  const bodies: GeminiBatchEmbedResponse[] = [];
  // A few batches at a time: one request must not turn into a flood of upstream calls.
  for (let start = 0; start < embeddings.batches.length; start += PARALLEL_EMBEDDING_BATCHES) {
    const group = embeddings.batches.slice(start, start + PARALLEL_EMBEDDING_BATCHES);
    const settled = await Promise.allSettled(group.map((batch) => gemini.send(path, '', batch)));
    const responses = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = settled.find((result) => result.status === 'rejected') ?? responses.find((response) => !response.ok);
    if (failed) {
      await Promise.all(responses.filter((response) => response !== failed).map((response) => response.body?.cancel()));
      if (failed instanceof Response) throw await gemini.errorOf(failed);
      throw (failed as PromiseRejectedResult).reason;
    }
    bodies.push(...(await Promise.all(responses.map((response) => readUpstreamJson<GeminiBatchEmbedResponse>(response)))));
  }
  return Response.json(convertEmbeddingsResponse(bodies, embeddings.model, embeddings.encodingFormat));
}
