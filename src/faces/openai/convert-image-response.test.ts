import { describe, expect, it } from 'vitest';
import type { GeminiGenerateContentResponse } from '../../gemini/types.ts';
import { convertGeminiImages, convertImagenImages } from './convert-image-response.ts';

const image = (data: string, thought = false) => ({ inlineData: { mimeType: 'image/jpeg', data }, ...(thought ? { thought } : {}) });

describe('convertGeminiImages', () => {
  it('answers the images of every call (thought images left out) with the tokens summed by modality', () => {
    const responses: GeminiGenerateContentResponse[] = [1, 2].map((call) => ({
      candidates: [{ content: { parts: [{ text: 'Here it is' }, image('draft', true), image(`final${call}`)] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1290, thoughtsTokenCount: 100, totalTokenCount: 1400, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }], candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }] },
    }));
    const answer = convertGeminiImages(responses, 'b64_json');
    expect(answer.data).toEqual([{ b64_json: 'final1' }, { b64_json: 'final2' }]);
    expect(answer.output_format).toBe('jpeg');
    expect(answer.usage).toEqual({
      input_tokens: 20,
      input_tokens_details: { text_tokens: 20, image_tokens: 0 },
      output_tokens: 2780,
      output_tokens_details: { text_tokens: 0, image_tokens: 2580 },
      total_tokens: 2800,
    });
    expect(convertGeminiImages(responses, 'url').data[0]).toEqual({ url: 'data:image/jpeg;base64,final1' });
  });

  it('a blocked prompt or a filtered image is a 400 content_policy_violation; words without an image a 502 that quotes them', () => {
    expect(() => convertGeminiImages([{ promptFeedback: { blockReason: 'SAFETY' } }], 'b64_json')).toThrow(expect.objectContaining({ status: 400, code: 'content_policy_violation' }));
    expect(() => convertGeminiImages([{ candidates: [{ finishReason: 'IMAGE_SAFETY', finishMessage: 'Unable to show' }] }], 'b64_json')).toThrow(
      expect.objectContaining({ status: 400, code: 'content_policy_violation', message: expect.stringContaining('Unable to show') }),
    );
    expect(() => convertGeminiImages([{ candidates: [{ content: { parts: [{ text: 'I cannot draw that.' }] }, finishReason: 'STOP' }] }], 'b64_json')).toThrow(
      expect.objectContaining({ status: 502, code: 'no_image', message: expect.stringContaining('I cannot draw that.') }),
    );
  });
});

describe('convertImagenImages', () => {
  it('answers the predictions, and says why when every one was filtered', () => {
    expect(convertImagenImages({ predictions: [{ bytesBase64Encoded: 'AAAA', mimeType: 'image/png' }, { raiFilteredReason: 'x' }] }, 'b64_json').data).toEqual([{ b64_json: 'AAAA' }]);
    expect(() => convertImagenImages({ predictions: [{ raiFilteredReason: 'The prompt names a person.' }] }, 'b64_json')).toThrow(
      expect.objectContaining({ status: 400, code: 'content_policy_violation', message: expect.stringContaining('names a person') }),
    );
    expect(() => convertImagenImages({}, 'b64_json')).toThrow(expect.objectContaining({ status: 502 }));
  });
});
