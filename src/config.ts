import { ProxyError } from './errors.ts';
import { parseKeyList } from './keys/parse-key-list.ts';

/** Environment variables as every platform hands them over: Workers `env`, `Deno.env.toObject()`, `process.env`. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Every variable the proxy itself reads, named the same on every platform (`PORT` belongs to the local servers). */
export const ENVIRONMENT_VARIABLES = [
  'GEMINI_BASE_URL',
  'GEMINI_API_KEYS',
  'ACCESS_TOKENS',
  'MAX_REQUEST_BODY_MB',
  'VERIFY_MODEL',
  'DEFAULT_MODEL',
  'DEFAULT_EMBEDDING_MODEL',
] as const;

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';
/** Gemini's own limit for a request with inline data (100 MB, base64 included). */
export const DEFAULT_MAX_REQUEST_BODY_MB = 100;
export const DEFAULT_CHAT_MODEL = 'gemini-2.5-flash';
export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
/** The cheapest model that still answers a generation: a one-token probe of it shows an exhausted key. */
export const DEFAULT_VERIFY_MODEL = 'gemini-2.5-flash-lite';

export interface ProxyConfig {
  /** Upstream origin plus an optional path prefix (for gateways), without a trailing slash. */
  readonly geminiBaseUrl: string;
  /** The server-side key pool (GEMINI_API_KEYS); empty when clients bring their own keys. */
  readonly keyPool: readonly string[];
  /** What clients send instead of a key when the pool is on (ACCESS_TOKENS). */
  readonly accessTokens: readonly string[];
  readonly maxRequestBodyBytes: number;
  /** Answers translated requests that name a model Gemini does not have (`gpt-4o`). */
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string;
  /** The model `/verify` probes keys with. */
  readonly verifyModel: string;
}

/** A variable is set wrong: every request is answered 500 with what to set, in the client's API's shape. */
export class ConfigError extends ProxyError {
  constructor(message: string) {
    super(500, message, 'invalid_configuration');
  }
}

/** Keeps a model name one path segment of the upstream URL. */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const configCache = new WeakMap<object, ProxyConfig>();

/**
 * Reads and checks every variable, once per environment object (the platforms pass the same object
 * on every request). No other module reads the environment.
 */
export function readConfig(env: EnvVars): ProxyConfig {
  const cached = configCache.get(env);
  if (cached) return cached;
  const config: ProxyConfig = {
    geminiBaseUrl: parseBaseUrl(env.GEMINI_BASE_URL),
    keyPool: parseKeyList(env.GEMINI_API_KEYS),
    accessTokens: parseKeyList(env.ACCESS_TOKENS),
    maxRequestBodyBytes: parseMegabytes(env.MAX_REQUEST_BODY_MB) * 1024 * 1024,
    defaultModel: parseModel('DEFAULT_MODEL', env.DEFAULT_MODEL, DEFAULT_CHAT_MODEL),
    defaultEmbeddingModel: parseModel('DEFAULT_EMBEDDING_MODEL', env.DEFAULT_EMBEDDING_MODEL, DEFAULT_EMBEDDING_MODEL),
    verifyModel: parseModel('VERIFY_MODEL', env.VERIFY_MODEL, DEFAULT_VERIFY_MODEL),
  };
  if (config.accessTokens.length > 0 && config.keyPool.length === 0) {
    console.warn('ACCESS_TOKENS is set but GEMINI_API_KEYS is not: the key pool is off and clients use their own keys. Set GEMINI_API_KEYS to turn the pool on.');
  }
  configCache.set(env, config);
  return config;
}

function parseMegabytes(raw: string | undefined): number {
  if (!raw?.trim()) return DEFAULT_MAX_REQUEST_BODY_MB;
  const megabytes = Number(raw);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new ConfigError(`MAX_REQUEST_BODY_MB must be a positive number of megabytes (got "${raw}"), or be removed to keep the default of ${DEFAULT_MAX_REQUEST_BODY_MB}.`);
  }
  return megabytes;
}

function parseBaseUrl(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_GEMINI_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`GEMINI_BASE_URL is not a valid URL ("${value}"). Set it to an http(s) URL such as ${DEFAULT_GEMINI_BASE_URL}, or remove it.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`GEMINI_BASE_URL must start with https:// or http:// (got "${value}").`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A Gemini model id, with or without `models/`. */
function parseModel(name: string, raw: string | undefined, fallback: string): string {
  const value = raw?.trim();
  if (!value) return fallback;
  const model = value.startsWith('models/') ? value.slice('models/'.length) : value;
  if (!MODEL_ID.test(model)) {
    throw new ConfigError(`${name} is not a Gemini model id ("${value.slice(0, 100)}"). Set it to a name such as ${fallback}, or remove it.`);
  }
  return model;
}
