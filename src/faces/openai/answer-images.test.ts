/** Images in chat answers: `images[]` and Markdown in the message and in stream deltas; `modalities` asks for them. */
import { describe, expect, it } from 'vitest';
import type { GeminiGenerateContentResponse, GeminiPart } from '../../gemini/types.ts';
import { convertChatRequest } from './convert-chat-request.ts';
import { convertChatResponse } from './convert-chat-response.ts';
import { convertChatStream } from './convert-chat-stream.ts';

const IMAGE: GeminiPart = { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } };
const URL_OF_IMAGE = 'data:image/png;base64,iVBORw0K';

describe('images in chat answers', () => {
  it('a non-streamed answer carries its images (not thought images, not audio) in images[] and as Markdown in content', () => {
    const response: GeminiGenerateContentResponse = {
      candidates: [{ content: { parts: [{ text: 'A cat:' }, { ...IMAGE, thought: true }, IMAGE] }, finishReason: 'STOP' }],
    };
    const { message } = convertChatResponse(response, { model: 'gemini-2.5-flash-image' }).choices[0]!;
    expect(message.content).toBe(`A cat:![image](${URL_OF_IMAGE})`);
    expect(message.images).toEqual([{ type: 'image_url', image_url: { url: URL_OF_IMAGE } }]);
    const textOnly = convertChatResponse({ candidates: [{ content: { parts: [{ text: 'no' }] }, finishReason: 'STOP' }] }, { model: 'm' });
    expect(textOnly.choices[0]!.message).not.toHaveProperty('images');
  });

  it('a streamed image is one delta with the Markdown and images[]', async () => {
    const event = { candidates: [{ content: { parts: [IMAGE] }, finishReason: 'STOP', index: 0 }] };
    const upstream = new Response(`data: ${JSON.stringify(event)}\r\n\r\n`).body!;
    const text = await new Response(convertChatStream(upstream, { model: 'm', includeUsage: false })).text();
    const deltas = text.split('\n\n').filter((block) => block.startsWith('data: {')).map((block) => (JSON.parse(block.slice(6)) as { choices: Array<{ delta: Record<string, unknown> }> }).choices[0]!.delta);
    expect(deltas).toContainEqual({ content: `![image](${URL_OF_IMAGE})`, images: [{ type: 'image_url', image_url: { url: URL_OF_IMAGE } }] });
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('modalities becomes responseModalities; audio is refused', async () => {
    const options = { defaultModel: 'gemini-2.5-flash', fetchFile: () => Promise.reject(new Error('no downloads')) };
    const chat = await convertChatRequest({ model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'Draw' }], modalities: ['text', 'image'] }, options);
    expect(chat.body.generationConfig?.responseModalities).toEqual(['TEXT', 'IMAGE']);
    await expect(convertChatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], modalities: ['audio'] }, options)).rejects.toMatchObject({ status: 400, options: { param: 'modalities' } });
    await expect(convertChatRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], modalities: 'image' }, options)).rejects.toMatchObject({ status: 400 });
  });
});
