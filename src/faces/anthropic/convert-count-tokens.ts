import type { GeminiCountTokensResponse, GeminiGenerateContentRequest } from '../../gemini/types.ts';

/** What counts: the contents, the system instruction and the tools. */
export function convertCountTokensRequest(model: string, request: GeminiGenerateContentRequest): { generateContentRequest: GeminiGenerateContentRequest & { model: string } } {
  const { contents, systemInstruction, tools } = request;
  return { generateContentRequest: { model: `models/${model}`, contents, ...(systemInstruction && { systemInstruction }), ...(tools && { tools }) } };
}

export function convertCountTokensResponse(response: GeminiCountTokensResponse): { input_tokens: number } {
  return { input_tokens: response.totalTokens ?? 0 };
}
