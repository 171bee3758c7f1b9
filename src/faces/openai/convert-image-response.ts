import { ProxyError } from '../../errors.ts';
import { blockedPromptMessage, isContentFilterReason } from '../../gemini/finish-reason.ts';
import type { GeminiGenerateContentResponse, GeminiInlineData, GeminiModalityTokenCount } from '../../gemini/types.ts';
import { isAnswerImage } from './answer-images.ts';
import { nowInSeconds } from './convert-chat-response.ts';
import type { ImageResponseFormat } from './convert-image-request.ts';

/** Imagen's `:predict` answer: one prediction per image, or the reason a filter dropped it. */
export interface ImagenPredictResponse {
  predictions?: Array<{ bytesBase64Encoded?: string; mimeType?: string; raiFilteredReason?: string }>;
}

export interface OpenAIImagesResponse {
  created: number;
  data: Array<{ b64_json: string } | { url: string }>;
  output_format?: 'png' | 'jpeg' | 'webp';
  usage?: OpenAIImagesUsage;
}

export interface OpenAIImagesUsage {
  input_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
  output_tokens: number;
  output_tokens_details: { text_tokens: number; image_tokens: number };
  total_tokens: number;
}

/** The generated images of a Gemini answer. */
export function imagePartsOf(response: GeminiGenerateContentResponse): GeminiInlineData[] {
  const parts = (response.candidates ?? []).flatMap((candidate) => candidate.content?.parts ?? []);
  return parts.filter(isAnswerImage).map((part) => part.inlineData as GeminiInlineData);
}

/** Gemini image answers as OpenAI's images response, with their tokens summed as OpenAI counts them. */
export function convertGeminiImages(responses: readonly GeminiGenerateContentResponse[], responseFormat: ImageResponseFormat): OpenAIImagesResponse {
  const images = responses.flatMap(imagePartsOf);
  if (images.length === 0) throw noImageError(responses);
  const answer = imagesAnswer(images, responseFormat);
  answer.usage = convertImageUsage(responses);
  return answer;
}

export function convertImagenImages(response: ImagenPredictResponse, responseFormat: ImageResponseFormat): OpenAIImagesResponse {
  const predictions = response.predictions ?? [];
  const images = predictions.flatMap((prediction) =>
    prediction.bytesBase64Encoded ? [{ mimeType: prediction.mimeType ?? 'image/png', data: prediction.bytesBase64Encoded }] : [],
  );
  if (images.length > 0) return imagesAnswer(images, responseFormat);
  const reason = predictions.find((prediction) => prediction.raiFilteredReason)?.raiFilteredReason;
  if (reason) throw contentPolicyError(`Imagen filtered every image: ${reason}`);
  throw new ProxyError(502, 'Imagen answered without an image. Try again, or rephrase the prompt.', 'no_image');
}

function imagesAnswer(images: readonly GeminiInlineData[], responseFormat: ImageResponseFormat): OpenAIImagesResponse {
  const answer: OpenAIImagesResponse = {
    created: nowInSeconds(),
    data: images.map((image) => (responseFormat === 'url' ? { url: `data:${image.mimeType};base64,${image.data}` } : { b64_json: image.data })),
  };
  const format = images[0]?.mimeType.replace('image/', '');
  if (format === 'png' || format === 'jpeg' || format === 'webp') answer.output_format = format;
  return answer;
}

/** Why an answer holds no image: a filter (400, as OpenAI refuses such prompts), or the model answered in words only (502). */
function noImageError(responses: readonly GeminiGenerateContentResponse[]): ProxyError {
  for (const response of responses) {
    if (!response.candidates?.length && response.promptFeedback?.blockReason) return contentPolicyError(blockedPromptMessage(response));
    const filtered = response.candidates?.find((candidate) => isContentFilterReason(candidate.finishReason));
    if (filtered) return contentPolicyError(`Gemini stopped the image (finish reason ${filtered.finishReason})${filtered.finishMessage ? `: ${filtered.finishMessage}` : '.'}`);
  }
  const text = responses
    .flatMap((response) => response.candidates?.[0]?.content?.parts ?? [])
    .filter((part) => !part.thought && part.text)
    .map((part) => part.text)
    .join(' ')
    .slice(0, 300);
  return new ProxyError(502, `Gemini answered without an image${text ? `, saying: ${text}` : ''}. Rephrase the prompt, or ask for an image explicitly.`, 'no_image');
}

function contentPolicyError(message: string): ProxyError {
  return new ProxyError(400, message, 'content_policy_violation');
}

function convertImageUsage(responses: readonly GeminiGenerateContentResponse[]): OpenAIImagesUsage {
  const usage: OpenAIImagesUsage = {
    input_tokens: 0,
    input_tokens_details: { text_tokens: 0, image_tokens: 0 },
    output_tokens: 0,
    output_tokens_details: { text_tokens: 0, image_tokens: 0 },
    total_tokens: 0,
  };
  for (const { usageMetadata: metadata = {} } of responses) {
    const input = metadata.promptTokenCount ?? 0;
    const output = (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
    usage.input_tokens += input;
    usage.output_tokens += output;
    usage.total_tokens += metadata.totalTokenCount ?? input + output;
    addByModality(usage.input_tokens_details, metadata.promptTokensDetails);
    addByModality(usage.output_tokens_details, metadata.candidatesTokensDetails);
  }
  return usage;
}

function addByModality(details: { text_tokens: number; image_tokens: number }, counts: readonly GeminiModalityTokenCount[] | undefined): void {
  for (const count of counts ?? []) {
    if (count.modality === 'TEXT') details.text_tokens += count.tokenCount ?? 0;
    if (count.modality === 'IMAGE') details.image_tokens += count.tokenCount ?? 0;
  }
}
