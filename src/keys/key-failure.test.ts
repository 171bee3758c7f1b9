import { describe, expect, it } from 'vitest';
import type { GeminiErrorPayload } from '../http/read-gemini-error.ts';
import { keyFailureOf } from './key-failure.ts';

const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });
const withReason = (code: number, reason: string, message = 'refused'): GeminiErrorPayload => ({ code, message, details: [errorInfo(reason)] });

describe('keyFailureOf', () => {
  it('counts a 429 as quota, whatever the body says', () => {
    expect(keyFailureOf(429, undefined)).toBe('quota');
    expect(keyFailureOf(429, { code: 429, message: 'You exceeded your current quota', status: 'RESOURCE_EXHAUSTED' })).toBe('quota');
  });

  it.each([500, 502, 503, 504, 599])('counts a %s as unavailable', (status) => {
    expect(keyFailureOf(status, undefined)).toBe('unavailable');
    expect(keyFailureOf(status, { code: status, message: 'The model is overloaded.', status: 'UNAVAILABLE' })).toBe('unavailable');
  });

  it.each(['API_KEY_INVALID', 'API_KEY_EXPIRED'])('counts ErrorInfo %s as an invalid key', (reason) => {
    expect(keyFailureOf(400, withReason(400, reason, 'API key not valid. Please pass a valid API key.'))).toBe('invalid');
  });

  it.each([
    'API_KEY_SERVICE_BLOCKED',
    'API_KEY_HTTP_REFERRER_BLOCKED',
    'API_KEY_IP_ADDRESS_BLOCKED',
    'API_KEY_ANDROID_APP_BLOCKED',
    'API_KEY_IOS_APP_BLOCKED',
    'CONSUMER_SUSPENDED',
    'SERVICE_DISABLED',
    'BILLING_DISABLED',
  ])('counts ErrorInfo %s as a refused key', (reason) => {
    expect(keyFailureOf(403, withReason(403, reason, 'Permission denied.'))).toBe('refused');
  });

  it('finds the reason among other details', () => {
    const error: GeminiErrorPayload = {
      code: 400,
      message: 'API key expired. Please renew the API key.',
      details: [{ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'x' }, errorInfo('API_KEY_EXPIRED')],
    };
    expect(keyFailureOf(400, error)).toBe('invalid');
  });

  it('counts a 403 with no reason whose message names the API key as refused (a leaked key)', () => {
    const leaked = { code: 403, message: 'Your API key was reported as leaked. Please use another API key.', status: 'PERMISSION_DENIED' };
    expect(keyFailureOf(403, leaked)).toBe('refused');
  });

  it('says nothing of the key for a 403 on a file of another project', () => {
    const otherProject = {
      code: 403,
      message: 'You do not have permission to access the File abc123 or it may not exist.',
      status: 'PERMISSION_DENIED',
    };
    expect(keyFailureOf(403, otherProject)).toBeUndefined();
  });

  it('says nothing of the key for a 400 that only quotes API_KEY_INVALID in its text', () => {
    const quoting = { code: 400, message: 'Invalid value at contents[0].parts[0].text: "API_KEY_INVALID"', status: 'INVALID_ARGUMENT' };
    expect(keyFailureOf(400, quoting)).toBeUndefined();
  });

  it('says nothing of the key for a 404, even one whose message names the API key', () => {
    expect(keyFailureOf(404, { code: 404, message: 'models/gpt-4o is not found for API version v1beta', status: 'NOT_FOUND' })).toBeUndefined();
    expect(keyFailureOf(404, { code: 404, message: 'Not found for this API key' })).toBeUndefined();
  });

  it('says nothing of the key for a 403 naming the API key when it carries another reason', () => {
    expect(keyFailureOf(403, withReason(403, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'The API key has insufficient scopes.'))).toBeUndefined();
  });

  it('says nothing of the key for an answer with no body', () => {
    expect(keyFailureOf(400, undefined)).toBeUndefined();
    expect(keyFailureOf(403, undefined)).toBeUndefined();
  });
});
