import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors.ts';
import { convertImageEditRequest, convertImageGenerationRequest } from './convert-image-request.ts';

const DEFAULT = 'gemini-3.1-flash-image';

describe('convertImageGenerationRequest', () => {
  it('sends OpenAI names to the default image model, one call per image, asking for image output', () => {
    expect(convertImageGenerationRequest({ model: 'dall-e-3', prompt: 'a cat', n: 3 }, DEFAULT)).toEqual({
      model: DEFAULT,
      responseFormat: 'b64_json',
      call: { method: 'generateContent', times: 3, body: { contents: [{ role: 'user', parts: [{ text: 'a cat' }] }], generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } } },
    });
  });

  it.each([
    ['1024x1024', '1:1', undefined],
    ['1536x1024', '3:2', '2K'],
    ['1024x1536', '2:3', '2K'],
    ['1792x1024', '16:9', '2K'],
    ['1024x1792', '9:16', '2K'],
    ['3840x2160', '16:9', '4K'],
    ['2520x1080', '21:9', '4K'],
    ['4:5', '4:5', undefined],
  ])('size %s is aspect ratio %s and image size %s', (size, aspectRatio, imageSize) => {
    const { call } = convertImageGenerationRequest({ prompt: 'x', size }, DEFAULT);
    expect(call.method === 'generateContent' && call.body.generationConfig?.imageConfig).toEqual(imageSize ? { aspectRatio, imageSize } : { aspectRatio });
  });

  it('quality high asks for 2K; a Gemini 2.x image model gets no image size; auto sends nothing', () => {
    const high = convertImageGenerationRequest({ prompt: 'x', quality: 'high' }, DEFAULT).call;
    expect(high.method === 'generateContent' && high.body.generationConfig?.imageConfig).toEqual({ imageSize: '2K' });
    const old = convertImageGenerationRequest({ model: 'gemini-2.5-flash-image', prompt: 'x', size: '1536x1024' }, DEFAULT).call;
    expect(old.method === 'generateContent' && old.body.generationConfig?.imageConfig).toEqual({ aspectRatio: '3:2' });
    const auto = convertImageGenerationRequest({ prompt: 'x', size: 'auto' }, DEFAULT).call;
    expect(auto.method === 'generateContent' && auto.body.generationConfig).toEqual({ responseModalities: ['TEXT', 'IMAGE'] });
  });

  it('an Imagen model (with models/) is one :predict call with sampleCount', () => {
    expect(convertImageGenerationRequest({ model: 'models/imagen-4.0-ultra-generate-001', prompt: 'x', n: 2, size: '2048x2048', response_format: 'url' }, DEFAULT)).toEqual({
      model: 'imagen-4.0-ultra-generate-001',
      responseFormat: 'url',
      call: { method: 'predict', times: 1, body: { instances: [{ prompt: 'x' }], parameters: { sampleCount: 2, aspectRatio: '1:1', sampleImageSize: '2K' } } },
    });
  });

  it.each([
    [{}, 'prompt'],
    [{ prompt: 'x', n: 0 }, 'n'],
    [{ prompt: 'x', n: 1.5 }, 'n'],
    [{ prompt: 'x', size: '1024' }, 'size'],
    [{ prompt: 'x', response_format: 'png' }, 'response_format'],
    [{ prompt: 'x', output_format: 'gif' }, 'output_format'],
    [{ prompt: 'x', stream: true }, 'stream'],
    [{ model: 'gemini-3 pro image', prompt: 'x' }, 'model'],
  ])('refuses %j with param %s', (body, param) => {
    expect(() => convertImageGenerationRequest(body, DEFAULT)).toThrow(ProxyError);
    try {
      convertImageGenerationRequest(body, DEFAULT);
    } catch (error) {
      expect((error as ProxyError).options.param).toBe(param);
    }
  });
});

describe('convertImageEditRequest', () => {
  const png = (name: string) => new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });

  it('puts the images after the prompt and the mask last, after what it means; text fields are read as numbers where due', async () => {
    const form = new FormData();
    form.append('prompt', 'add a hat');
    form.append('image[]', png('a.png'));
    form.append('image[]', new File([new Uint8Array([1])], 'b.webp'));
    form.append('mask', png('mask.png'));
    form.append('n', '2');
    form.append('size', '1024x1024');
    const { call } = await convertImageEditRequest(form, DEFAULT);
    expect(call.method).toBe('generateContent');
    expect(call.times).toBe(2);
    const parts = call.method === 'generateContent' ? call.body.contents[0]!.parts : [];
    expect(parts.map((part) => part.text ?? part.inlineData?.mimeType)).toEqual(['add a hat', 'image/png', 'image/webp', expect.stringContaining('transparent'), 'image/png']);
    expect(parts[1]!.inlineData!.data).toBe('iVBORw==');
  });

  it('refuses an edit without an image, a text field where a file belongs, and an Imagen model', async () => {
    const noImage = new FormData();
    noImage.append('prompt', 'x');
    await expect(convertImageEditRequest(noImage, DEFAULT)).rejects.toMatchObject({ status: 400, options: { param: 'image' } });
    const textImage = new FormData();
    textImage.append('image', 'not a file');
    await expect(convertImageEditRequest(textImage, DEFAULT)).rejects.toMatchObject({ status: 400, options: { param: 'image' } });
    const imagen = new FormData();
    imagen.append('image', png('a.png'));
    imagen.append('prompt', 'x');
    imagen.append('model', 'imagen-4.0-generate-001');
    await expect(convertImageEditRequest(imagen, DEFAULT)).rejects.toMatchObject({ status: 400, options: { param: 'model' } });
  });
});
