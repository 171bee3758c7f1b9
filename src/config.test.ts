import { describe, expect, it } from 'vitest';
import { handleRequest } from './handle-request.ts';
import { ConfigError, ENVIRONMENT_VARIABLES, readConfig, type EnvVars } from './config.ts';

describe('configuration', () => {
  it('defaults to the Gemini API and trims a trailing slash', () => {
    expect(readConfig({}).geminiBaseUrl).toBe('https://generativelanguage.googleapis.com');
    expect(readConfig({ GEMINI_BASE_URL: 'https://gw.example/prefix/' }).geminiBaseUrl).toBe('https://gw.example/prefix');
  });

  it('answers a misconfigured GEMINI_BASE_URL with a message that says what to set', async () => {
    const response = await handleRequest(new Request('https://proxy.example/v1beta/models', { headers: { 'x-goog-api-key': 'k' } }), { GEMINI_BASE_URL: 'ftp://x' });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('GEMINI_BASE_URL must start with https://');
    expect(body.error.message).not.toMatch(/\bat \w+ \(/);
  });
});

/** The ConfigError readConfig throws for an environment, or a failure when it throws none. */
function configErrorOf(env: EnvVars): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig', () => {
  it('gives every field its default when nothing is set', () => {
    // toMatchObject: fields added since (timeouts, …) are shown by their own tests.
    expect(readConfig({})).toMatchObject({
      geminiBaseUrl: 'https://generativelanguage.googleapis.com',
      keyPool: [],
      accessTokens: [],
      maxRequestBodyBytes: 100 * 1024 * 1024,
      defaultModel: 'gemini-2.5-flash',
      defaultEmbeddingModel: 'gemini-embedding-001',
      verifyModel: 'gemini-2.5-flash-lite',
    });
  });

  it('treats blank variables as unset', () => {
    const blank = Object.fromEntries(ENVIRONMENT_VARIABLES.map((name) => [name, '  ']));
    expect(readConfig(blank)).toEqual(readConfig({}));
  });

  it('reads every variable', () => {
    const config = readConfig({
      GEMINI_BASE_URL: 'http://gateway.example:8080/gemini//',
      GEMINI_API_KEYS: 'k1,k2',
      ACCESS_TOKENS: 't1',
      MAX_REQUEST_BODY_MB: '2.5',
      DEFAULT_MODEL: 'gemini-2.5-pro',
      DEFAULT_EMBEDDING_MODEL: 'text-embedding-004',
      VERIFY_MODEL: ' gemini-2.0-flash ',
    });
    expect(config).toMatchObject({
      geminiBaseUrl: 'http://gateway.example:8080/gemini',
      keyPool: ['k1', 'k2'],
      accessTokens: ['t1'],
      maxRequestBodyBytes: 2.5 * 1024 * 1024,
      defaultModel: 'gemini-2.5-pro',
      defaultEmbeddingModel: 'text-embedding-004',
      verifyModel: 'gemini-2.0-flash',
    });
  });

  it('strips the models/ prefix of a model id', () => {
    const config = readConfig({ DEFAULT_MODEL: 'models/gemini-2.5-pro', DEFAULT_EMBEDDING_MODEL: 'models/gemini-embedding-001', VERIFY_MODEL: 'models/gemini-2.0-flash' });
    expect(config.defaultModel).toBe('gemini-2.5-pro');
    expect(config.defaultEmbeddingModel).toBe('gemini-embedding-001');
    expect(config.verifyModel).toBe('gemini-2.0-flash');
  });

  it.each([
    ['DEFAULT_MODEL', 'gemini/2.5-flash'],
    ['DEFAULT_MODEL', 'models/tunedModels/x'],
    ['DEFAULT_EMBEDDING_MODEL', 'gemini embedding'],
    ['VERIFY_MODEL', 'gemini-2.5-flash lite'],
    ['VERIFY_MODEL', '../files'],
  ])('refuses %s=%j with a ConfigError that names the variable', (name, value) => {
    const error = configErrorOf({ [name]: value });
    expect(error.status).toBe(500);
    expect(error.code).toBe('invalid_configuration');
    expect(error.message).toContain(name);
    expect(error.message).toContain(value);
  });

  it.each(['0', 'abc', '-1', 'Infinity'])('refuses MAX_REQUEST_BODY_MB=%j', (value) => {
    const error = configErrorOf({ MAX_REQUEST_BODY_MB: value });
    expect(error.message).toContain('MAX_REQUEST_BODY_MB');
    expect(error.message).toContain(`"${value}"`);
  });

  it('refuses a GEMINI_BASE_URL that is no URL', () => {
    expect(configErrorOf({ GEMINI_BASE_URL: 'not a url' }).message).toContain('GEMINI_BASE_URL is not a valid URL');
  });

  it('splits the key lists, dropping blanks and repeats', () => {
    const config = readConfig({ GEMINI_API_KEYS: ' k1, k2;k3\nk1 ,,', ACCESS_TOKENS: 'tokenA，tokenB' });
    expect(config.keyPool).toEqual(['k1', 'k2', 'k3']);
    expect(config.accessTokens).toEqual(['tokenA', 'tokenB']);
  });

  it('reads the same environment object once, returning the same result', () => {
    const env: Record<string, string> = { GEMINI_API_KEYS: 'k1,k2', DEFAULT_MODEL: 'gemini-2.5-pro' };
    const first = readConfig(env);
    expect(readConfig(env)).toBe(first);
    // Not read again: a later change to the object goes unseen.
    env.DEFAULT_MODEL = 'not a model';
    expect(readConfig(env)).toBe(first);
    expect(first.defaultModel).toBe('gemini-2.5-pro');
    // An equal but different object is read afresh.
    const other = readConfig({ ...env, DEFAULT_MODEL: 'gemini-2.5-pro' });
    expect(other).not.toBe(first);
    expect(other).toEqual(first);
  });
});
