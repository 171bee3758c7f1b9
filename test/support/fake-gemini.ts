/**
 * A fake Gemini API: a real HTTP server on loopback that answers like generativelanguage.googleapis.com,
 * built from the recorded responses in test/fixtures/gemini-recordings. Keys choose the failure:
 * a key containing "invalid" gets 400 API_KEY_INVALID, "quota" 429 RESOURCE_EXHAUSTED, "overloaded"
 * 503 UNAVAILABLE, "suspended" 403 naming the key, "unreachable" a dropped connection; any other key succeeds.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture, readFixtureChunks } from './fixtures.ts';
import { answerResources, createBatch, createFakeResources, referenceError, type FakeResources } from './fake-gemini-resources.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The key the request carried, from wherever it was. */
  readonly key: string | null;
}

export type JsonBody = Record<string, unknown>;

export interface FakeGemini {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Files, interactions, caches and batches, each in the project of the key that made it. */
  readonly resources: FakeResources;
  /** Events of a stream, as the JSON after `data: `, or a choice of them per request; defaults to the recorded text stream. */
  streamChunks: string[] | ((request: JsonBody, model: string) => string[]);
  /** Awaited before the stream event with this index (from 1) is written: lets a test pace the upstream. */
  streamGate?: (index: number) => Promise<void>;
  /** Called after each stream event is written. */
  onStreamEventSent?: (index: number) => void;
  /** Pause between stream events when no gate is set. */
  streamDelayMs: number;
  /** How long a model method (`countTokens`, …) keeps its answer back, headers included: a Gemini still thinking. */
  methodDelayMs: Partial<Record<string, number>>;
  /** Where a key containing "redirect" is sent with a 307, key and all, as a hostile or misconfigured gateway might. */
  redirectTarget?: string;
  /** The generateContent answer; defaults to the recorded text response. */
  generateResponse: (request: JsonBody, model: string) => JsonBody;
  close(): Promise<void>;
}

const INVALID_KEY_ERROR = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    ],
  },
};
const OVERLOADED_ERROR = { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } };
/** Gemini's native endpoints read a Bearer value as an OAuth token. */
const OAUTH_EXPECTED_ERROR = {
  error: {
    code: 401,
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    status: 'UNAUTHENTICATED',
  },
};
const NO_KEY_ERROR = {
  error: {
    code: 403,
    message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    status: 'PERMISSION_DENIED',
  },
};

/** Gemini's answer for a suspended key names the key in full. */
function suspendedKeyError(key: string): JsonBody {
  return {
    error: {
      code: 403,
      message: `Permission denied: Consumer 'api_key:${key}' has been suspended.`,
      status: 'PERMISSION_DENIED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CONSUMER_SUSPENDED', domain: 'googleapis.com', metadata: { consumer: `projects/123`, containerInfo: key } }],
    },
  };
}

export const FAKE_MODELS = [
  { name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
  { name: 'models/gemini-3-pro-preview', displayName: 'Gemini 3 Pro Preview', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
  { name: 'models/gemini-embedding-001', displayName: 'Gemini Embedding 001', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
];

export async function startFakeGemini(): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const fake: FakeGemini = {
    url: '',
    requests,
    streamChunks: readFixtureChunks('google-text.chunks.txt'),
    streamDelayMs: 0,
    methodDelayMs: {},
    generateResponse: (body, model) => mediaAnswer(body, model) ?? (JSON.parse(readFixture('google-text.json')) as JsonBody),
    resources: createFakeResources(),
    close: async () => {},
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const url = new URL(req.url ?? '/', 'http://fake.invalid');
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, search: url.search, headers: req.headers, body, key: keyOf(req, url) };
        requests.push(recorded);
        return answer(fake, recorded, url, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(error), status: 'INTERNAL' } });
        else res.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return fake;
}

async function answer(fake: FakeGemini, request: RecordedRequest, url: URL, res: ServerResponse): Promise<void> {
  const { key } = request;
  const isUploadContinuation = request.path.startsWith('/upload/') && url.searchParams.has('upload_id');
  if (!key && !isUploadContinuation) return sendJson(res, 403, NO_KEY_ERROR);
  const isOpenAICompatible = /^\/[^/]+\/openai\//.test(request.path);
  if (request.headers.authorization && !isOpenAICompatible) return sendJson(res, 401, OAUTH_EXPECTED_ERROR);
  if (isOpenAICompatible) return sendJson(res, 200, { object: 'list', data: FAKE_MODELS.map((model) => ({ id: model.name, object: 'model', owned_by: 'google' })) });
  if (key?.includes('unreachable')) return void res.socket?.destroy();
  if (key?.includes('redirect') && fake.redirectTarget) {
    res.writeHead(307, { location: `${fake.redirectTarget}${request.path}?key=${encodeURIComponent(key)}` });
    return void res.end();
  }
  if (key?.includes('invalid')) return sendJson(res, 400, INVALID_KEY_ERROR);
  if (key?.includes('quota')) return sendJson(res, 429, JSON.parse(readFixture('google-429-retry-info.json')));
  if (key?.includes('overloaded')) return sendJson(res, 503, OVERLOADED_ERROR);
  if (key?.includes('suspended')) return sendJson(res, 403, suspendedKeyError(key));

  const resourceAnswer = answerResources(fake.resources, request, url, fake.url, res);
  if (resourceAnswer) return resourceAnswer;
  const match = /^\/(v1|v1beta|v1alpha)\/models(?:\/([^:/]+)(?::(\w+))?)?$/.exec(request.path);
  if (!match) return sendJson(res, 404, { error: { code: 404, message: `Method not found: ${request.path}`, status: 'NOT_FOUND' } });
  const [, , model, method] = match;
  if (!model) return sendJson(res, 200, { models: FAKE_MODELS });
  if (!method) {
    const found = FAKE_MODELS.find((entry) => entry.name === `models/${model}`);
    return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: { code: 404, message: `models/${model} is not found for API version v1beta`, status: 'NOT_FOUND' } });
  }
  let body: JsonBody = {};
  try {
    if (request.body) body = JSON.parse(request.body) as JsonBody;
  } catch {
    return sendJson(res, 400, { error: { code: 400, message: 'Invalid JSON payload received. Unexpected token.', status: 'INVALID_ARGUMENT' } });
  }
  await pause(fake.methodDelayMs[method] ?? 0);
  const nameError = invalidFunctionNameError(body);
  if (nameError) return sendJson(res, 400, nameError);
  const signatureError = missingThoughtSignatureError(model, body);
  if (signatureError) return sendJson(res, 400, signatureError);
  const mediaError = mediaRequestError(model, method ?? '', body);
  if (mediaError) return sendJson(res, 400, mediaError);
  const referenceDenied = referenceError(fake.resources, fake.resources.projectOf(key ?? ''), body);
  if (referenceDenied) return sendJson(res, ...referenceDenied);

  switch (method) {
    case 'generateContent':
      return sendJson(res, 200, fake.generateResponse(body, model));
    case 'streamGenerateContent':
      return streamEvents(typeof fake.streamChunks === 'function' ? fake.streamChunks(body, model) : (mediaStreamChunks(body, model) ?? fake.streamChunks), fake, url.searchParams.get('alt') === 'sse', res);
    case 'predict':
      return sendJson(res, 200, imagenAnswer(body));
    case 'batchGenerateContent':
      return sendJson(res, ...createBatch(fake.resources, key ?? '', model, body));
    case 'countTokens':
      return sendJson(res, 200, { totalTokens: countWords(body) });
    case 'embedContent':
      return sendJson(res, 200, { embedding: { values: embeddingFor(body) } });
    case 'batchEmbedContents': {
      const items = (body.requests as JsonBody[] | undefined) ?? [];
      return sendJson(res, 200, { embeddings: items.map((item) => ({ values: embeddingFor(item) })) });
    }
    default:
      return sendJson(res, 404, { error: { code: 404, message: `Method not found: ${method}`, status: 'NOT_FOUND' } });
  }
}

async function streamEvents(chunks: string[], fake: FakeGemini, asSse: boolean, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': asSse ? 'text/event-stream' : 'application/json' });
  if (!asSse) {
    res.end(`[${chunks.join(',\n')}]`);
    return;
  }
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) await (fake.streamGate ? fake.streamGate(index) : pause(fake.streamDelayMs));
    res.write(`data: ${chunk}\r\n\r\n`);
    fake.onStreamEventSent?.(index);
  }
  res.end();
}

/** Gemini refuses a function name longer than 64 characters or with characters outside `A-Za-z0-9_.:-`. */
function invalidFunctionNameError(body: JsonBody): JsonBody | null {
  const request = (body.generateContentRequest as JsonBody | undefined) ?? body;
  const tools = (request.tools as Array<{ functionDeclarations?: Array<{ name?: string }> }> | undefined) ?? [];
  const names = tools.flatMap((tool) => tool.functionDeclarations ?? []).map((declaration) => declaration.name ?? '');
  const bad = names.find((name) => !/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(name));
  if (bad === undefined) return null;
  return {
    error: {
      code: 400,
      message: `* GenerateContentRequest.tools[0].function_declarations[0].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:) or dashes (-), with a maximum length of 64.`,
      status: 'INVALID_ARGUMENT',
    },
  };
}

/**
 * Gemini 3 refuses a history whose function calls come back without their thought signature. Of
 * parallel calls only the first carries one, so the first call of each model turn is what is checked.
 */
function missingThoughtSignatureError(model: string, body: JsonBody): JsonBody | null {
  if (!model.startsWith('gemini-3')) return null;
  const contents = (body.contents as Array<{ role?: string; parts?: JsonBody[] }> | undefined) ?? [];
  for (const [position, content] of contents.entries()) {
    if (content.role !== 'model') continue;
    const call = content.parts?.find((part) => part.functionCall);
    if (call && !call.thoughtSignature) {
      const name = (call.functionCall as { name?: string }).name;
      return {
        error: {
          code: 400,
          message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
          status: 'INVALID_ARGUMENT',
        },
      };
    }
  }
  return null;
}

/** A 1×1 PNG: what the fake's image models draw. */
export const FAKE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** What the fake's TTS models say: 0.1 s of a 440 Hz tone, 24 kHz 16-bit mono little-endian PCM. */
export const FAKE_SPEECH_PCM = (() => {
  const samples = Buffer.alloc(2400 * 2);
  for (let index = 0; index < 2400; index++) samples.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 24000)), index * 2);
  return samples;
})();
const GEMINI_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];

const isImageModel = (model: string) => /^gemini-.*-image/.test(model);
const isSpeechModel = (model: string) => /^gemini-.*-tts/.test(model);

/** generateContent of an image model (a text part, then the image) or a TTS model (inline PCM), in the API reference's shapes. */
export function mediaAnswer(request: JsonBody, model: string): JsonBody | undefined {
  if (isImageModel(model)) {
    const inputImages = JSON.stringify(request.contents ?? []).split('"inlineData"').length - 1;
    return {
      candidates: [{ content: { parts: [{ text: 'Here is the picture you asked for.' }, { inlineData: { mimeType: 'image/png', data: FAKE_PNG_BASE64 } }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: 12 + 258 * inputImages,
        candidatesTokenCount: 1290,
        totalTokenCount: 1302 + 258 * inputImages,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }, ...(inputImages ? [{ modality: 'IMAGE', tokenCount: 258 * inputImages }] : [])],
        candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }],
      },
      modelVersion: model,
      responseId: 'fakeImage0000000000001',
    };
  }
  if (isSpeechModel(model)) {
    return {
      candidates: [{ content: { parts: [{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: FAKE_SPEECH_PCM.toString('base64') } }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 75, totalTokenCount: 84, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }], candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 75 }] },
      modelVersion: model,
      responseId: 'fakeSpeech000000000001',
    };
  }
  return undefined;
}

/** The streamed answer of an image or TTS model: each part its own event (speech in two), the last with the finish reason and usage. */
export function mediaStreamChunks(request: JsonBody, model: string): string[] | undefined {
  const answer = mediaAnswer(request, model) as { candidates: Array<{ content: { parts: JsonBody[] } }>; usageMetadata: JsonBody; responseId: string } | undefined;
  const speechHalves = [FAKE_SPEECH_PCM.subarray(0, 2400), FAKE_SPEECH_PCM.subarray(2400)].map((half) => ({ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: Buffer.from(half).toString('base64') } }));
  const parts = isSpeechModel(model) ? speechHalves : (answer?.candidates[0]!.content.parts ?? []);
  return answer && parts.map((part, index) => {
    const last = index === parts.length - 1;
    const candidate = { content: { parts: [part], role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 };
    return JSON.stringify({ candidates: [candidate], ...(last ? { usageMetadata: answer.usageMetadata } : {}), modelVersion: model, responseId: answer.responseId });
  });
}

/** Imagen's `:predict`: `sampleCount` images. */
function imagenAnswer(request: JsonBody): JsonBody {
  const count = Number((request.parameters as JsonBody | undefined)?.sampleCount ?? 1);
  return { predictions: Array.from({ length: count }, () => ({ mimeType: 'image/png', bytesBase64Encoded: FAKE_PNG_BASE64 })) };
}

/** What Gemini refuses of image and speech requests: a TTS call without AUDIO output or a voice, an aspect ratio it does not make, `:predict` on a model that is not Imagen. */
function mediaRequestError(model: string, method: string, body: JsonBody): JsonBody | null {
  const invalid = (message: string) => ({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
  const config = (body.generationConfig ?? {}) as { responseModalities?: string[]; speechConfig?: { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } }; imageConfig?: { aspectRatio?: string } };
  if (method === 'predict' && !model.startsWith('imagen-')) return invalid(`models/${model} is not found for predict.`);
  if (isSpeechModel(model) && !config.responseModalities?.includes('AUDIO')) return invalid('The requested combination of response modalities is not supported by the model.');
  if (isSpeechModel(model) && !config.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName) return invalid('Speech generation needs a voice.');
  const aspectRatio = config.imageConfig?.aspectRatio ?? (body.parameters as JsonBody | undefined)?.aspectRatio;
  if (aspectRatio !== undefined && !GEMINI_ASPECT_RATIOS.includes(String(aspectRatio))) return invalid(`Unsupported aspect ratio: ${String(aspectRatio)}.`);
  return null;
}

function keyOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers['x-goog-api-key'];
  if (typeof header === 'string') return header;
  const fromQuery = url.searchParams.get('key');
  if (fromQuery) return fromQuery;
  const authorization = req.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
}

function countWords(body: JsonBody): number {
  return JSON.stringify(body).split(/\s+/).length;
}

function embeddingFor(request: JsonBody): number[] {
  const dimensions = typeof request.outputDimensionality === 'number' ? request.outputDimensionality : 8;
  const seed = JSON.stringify(request.content ?? '').length;
  return Array.from({ length: dimensions }, (_, index) => ((seed + index) % 7) / 8 - 0.25);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
