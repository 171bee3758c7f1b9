import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorReasons, findGeminiError, parseJsonOrText, retryDelayMs, type GeminiErrorPayload } from './read-gemini-error.ts';

const RECORDINGS = new URL('../../test/fixtures/gemini-recordings/', import.meta.url);
const recorded = (name: string) => readFileSync(new URL(name, RECORDINGS), 'utf8');

const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' });
const retryInfo = (retryDelay: unknown) => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay });

describe('parseJsonOrText', () => {
  it('parses JSON and hands back anything else as the text itself', () => {
    expect(parseJsonOrText('{"error":{"code":400}}')).toEqual({ error: { code: 400 } });
    expect(parseJsonOrText('[1,2]')).toEqual([1, 2]);
    expect(parseJsonOrText('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>');
    expect(parseJsonOrText('')).toBe('');
  });
});

describe('findGeminiError', () => {
  const error = { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' };

  it('finds the error object of a body', () => {
    expect(findGeminiError({ error })).toEqual(error);
  });

  it('finds the error object of a body wrapped in a list', () => {
    expect(findGeminiError([{ error }])).toEqual(error);
  });

  it('makes a non-JSON body its own message, trimmed and shortened to 500 characters', () => {
    expect(findGeminiError('  upstream connect error  \n')).toEqual({ message: 'upstream connect error' });
    const long = findGeminiError('x'.repeat(2000));
    expect(long?.message).toBe('x'.repeat(500));
  });

  it('finds nothing in an empty body, a blank one, or JSON without an error object', () => {
    expect(findGeminiError('')).toBeUndefined();
    expect(findGeminiError('   \n')).toBeUndefined();
    expect(findGeminiError(undefined)).toBeUndefined();
    expect(findGeminiError(null)).toBeUndefined();
    expect(findGeminiError({})).toBeUndefined();
    expect(findGeminiError([])).toBeUndefined();
    expect(findGeminiError({ error: 'quota' })).toBeUndefined();
    expect(findGeminiError(42)).toBeUndefined();
  });

  it('reads the recorded 429 answer whole', () => {
    const found = findGeminiError(parseJsonOrText(recorded('google-429-retry-info.json')));
    expect(found?.code).toBe(429);
    expect(found?.status).toBe('RESOURCE_EXHAUSTED');
    expect(found?.message).toBe('You exceeded your current quota, please check your plan.');
    expect(found?.details).toHaveLength(2);
  });
});

describe('errorReasons', () => {
  it('collects the reasons of the ErrorInfo details only', () => {
    const error: GeminiErrorPayload = {
      code: 403,
      details: [
        errorInfo('API_KEY_INVALID'),
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', reason: 'NOT_AN_ERROR_INFO' },
        errorInfo('CONSUMER_SUSPENDED'),
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 7 },
        { reason: 'NO_TYPE' },
        'API_KEY_EXPIRED',
        null,
      ],
    };
    expect(errorReasons(error)).toEqual(['API_KEY_INVALID', 'CONSUMER_SUSPENDED']);
  });

  it('finds none without details', () => {
    expect(errorReasons(undefined)).toEqual([]);
    expect(errorReasons({ message: 'API_KEY_INVALID' })).toEqual([]);
    expect(errorReasons({ details: 'API_KEY_INVALID' as unknown as unknown[] })).toEqual([]);
  });

  it('finds none in the recorded 429 answer, which has no ErrorInfo', () => {
    expect(errorReasons(findGeminiError(JSON.parse(recorded('google-429-retry-info.json'))))).toEqual([]);
  });
});

describe('retryDelayMs', () => {
  it('reads RetryInfo.retryDelay in milliseconds', () => {
    expect(retryDelayMs({ details: [retryInfo('34.4s')] })).toBe(34400);
    expect(retryDelayMs({ details: [retryInfo('2s')] })).toBe(2000);
    expect(retryDelayMs({ details: [retryInfo('0.0011s')] })).toBe(2);
  });

  it('reads "0s" as no wait at all', () => {
    expect(retryDelayMs({ details: [retryInfo('0s')] })).toBe(0);
  });

  it('reads a missing, negative or garbled delay as none', () => {
    expect(retryDelayMs(undefined)).toBeUndefined();
    expect(retryDelayMs({ code: 429 })).toBeUndefined();
    expect(retryDelayMs({ details: [errorInfo('RATE_LIMIT_EXCEEDED')] })).toBeUndefined();
    expect(retryDelayMs({ details: [retryInfo(undefined)] })).toBeUndefined();
    expect(retryDelayMs({ details: [retryInfo('soon')] })).toBeUndefined();
    expect(retryDelayMs({ details: [retryInfo('')] })).toBeUndefined();
    expect(retryDelayMs({ details: [retryInfo(34.4)] })).toBeUndefined();
    expect(retryDelayMs({ details: [retryInfo('-5s')] })).toBeUndefined();
  });

  it('reads the recorded 429 answer: 34.4 s, found past the QuotaFailure detail', () => {
    expect(retryDelayMs(findGeminiError(parseJsonOrText(recorded('google-429-retry-info.json'))))).toBe(34400);
  });
});
