import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors.ts';
import { renderAnthropicError } from './anthropic-error.ts';

describe('renderAnthropicError', () => {
  it.each([
    [400, 400, 'invalid_request_error'],
    [401, 401, 'authentication_error'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [405, 405, 'invalid_request_error'],
    [413, 413, 'request_too_large'],
    [429, 429, 'rate_limit_error'],
    [500, 500, 'api_error'],
    [502, 502, 'api_error'],
    [503, 529, 'overloaded_error'],
  ])('renders %i as %i %s', async (status, expectedStatus, type) => {
    const response = renderAnthropicError(new ProxyError(status, 'what happened', 'some_code', { headers: { 'retry-after': '7' } }));
    expect(response.status).toBe(expectedStatus);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ type: 'error', error: { type, message: 'what happened' } });
  });
});
