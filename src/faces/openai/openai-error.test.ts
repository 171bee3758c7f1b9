import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors.ts';
import { geminiErrorOf, upstreamErrorOf } from '../../gemini/upstream-error.ts';
import { openAIErrorBody, renderOpenAIError } from './openai-error.ts';

/** A Gemini error answer as the OpenAI face answers it. */
async function convertGeminiErrorResponse(upstream: Response, keys: readonly string[]): Promise<Response> {
  return renderOpenAIError(await upstreamErrorOf(upstream, keys));
}

function convertGeminiError(status: number, payload: unknown, keys: readonly string[] = []) {
  return openAIErrorBody(geminiErrorOf(status, payload, keys));
}

const RECORDINGS = new URL('../../../test/fixtures/gemini-recordings/', import.meta.url);
const recorded = (name: string) => readFileSync(new URL(name, RECORDINGS), 'utf8');

describe('Gemini errors in OpenAI\'s shape', () => {
  it('error-gemini-2.5-flash.json: the 400 keeps its status and message', async () => {
    const response = await convertGeminiErrorResponse(new Response(recorded('error-gemini-2.5-flash.json'), { status: 400 }), []);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'Penalty is not enabled for models/gemini-2.5-flash', type: 'invalid_request_error', code: 'invalid_argument', param: null },
    });
  });

  it('google-429-retry-info.json: a rate limit error with retry-after from RetryInfo', async () => {
    const response = await convertGeminiErrorResponse(new Response(recorded('google-429-retry-info.json'), { status: 429 }), []);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('35');
    expect((await response.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'resource_exhausted', message: expect.stringContaining('exceeded your current quota') });
  });

  it('an invalid key is invalid_api_key, and the key never appears in the message', () => {
    const key = 'AIzaSyDUMMYDUMMYDUMMYDUMMYDUMMY12345';
    const payload = {
      error: {
        code: 400,
        message: `API key not valid: ${key}`,
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      },
    };
    const body = convertGeminiError(400, payload, [key]);
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).not.toContain(key);
    expect(body.error.message).toContain('AIzaSy…2345');
  });

  it('accepts an error wrapped in a list, and a body that is not JSON', async () => {
    expect(convertGeminiError(404, [{ error: { code: 404, message: 'models/x is not found', status: 'NOT_FOUND' } }]).error).toMatchObject({
      type: 'not_found_error',
      code: 'not_found',
      message: 'models/x is not found',
    });
    const response = await convertGeminiErrorResponse(new Response('<html>Bad Gateway</html>', { status: 502 }), []);
    expect((await response.json()).error).toMatchObject({ type: 'api_error', message: '<html>Bad Gateway</html>' });
    expect(convertGeminiError(500, '').error.message).toContain('HTTP 500');
  });

  it('renderOpenAIError writes the status, the body and extra headers', async () => {
    const response = renderOpenAIError(new ProxyError(401, 'No key.', 'invalid_api_key', { headers: { 'x-test': '1' } }));
    expect(response.status).toBe(401);
    expect(response.headers.get('x-test')).toBe('1');
    expect(await response.json()).toEqual({ error: { message: 'No key.', type: 'authentication_error', code: 'invalid_api_key', param: null } });
  });
});
