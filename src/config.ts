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
  'DEFAULT_IMAGE_MODEL',
  'DEFAULT_TTS_MODEL',
  'ANTHROPIC_MODEL_MAP',
  'STREAM_HEADERS_TIMEOUT_MS',
  'UPSTREAM_HEADERS_TIMEOUT_MS',
  'FAILOVER_DEADLINE_MS',
  'KEEP_ALIVE_AFTER_MS',
  'EMPTY_ANSWER_RETRIES',
] as const;

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';
/** Gemini's own limit for a request with inline data (100 MB, base64 included). */
export const DEFAULT_MAX_REQUEST_BODY_MB = 100;
export const DEFAULT_CHAT_MODEL = 'gemini-2.5-flash';
export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
/** Answers image requests naming OpenAI's image models (`gpt-image-1`, `dall-e-3`). */
export const DEFAULT_IMAGE_MODEL = 'gemini-3.1-flash-image';
/** Answers speech requests naming OpenAI's speech models (`tts-1`, `gpt-4o-mini-tts`). */
export const DEFAULT_TTS_MODEL = 'gemini-3.8-flash-lite-tts';
/** Gemini starts a stream within seconds: a streamed call silent for longer goes to the next key. */
export const DEFAULT_STREAM_HEADERS_TIMEOUT_MS = 30_000;
/** A non-streamed call sends nothing until the whole answer is ready, which can take minutes of thinking. */
export const DEFAULT_UPSTREAM_HEADERS_TIMEOUT_MS = 300_000;
/** The longest a request waits for an answer to begin, every key it tries included. */
export const DEFAULT_FAILOVER_DEADLINE_MS = 300_000;
/** How often Gemini's blank answers (no content; MALFORMED_FUNCTION_CALL, OTHER) are asked again. */
export const DEFAULT_EMPTY_ANSWER_RETRIES = 2;
/** The cheapest model that still answers a generation: a one-token probe of it shows an exhausted key. */
export const DEFAULT_VERIFY_MODEL = 'gemini-2.5-flash-lite';
/** A fragment of the `claude-*` names Anthropic clients ask for, and the Gemini model that answers them. */
export type ModelMapping = readonly [fragment: string, model: string];
/** What ANTHROPIC_MODEL_MAP adds to and overrides; a name that contains none of the fragments goes to DEFAULT_MODEL. */
export const DEFAULT_ANTHROPIC_MODEL_MAP: readonly ModelMapping[] = [
  ['opus', 'gemini-3.1-pro-preview'],
  ['sonnet', 'gemini-2.5-pro'],
  ['haiku', 'gemini-2.5-flash'],
];

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
  /** Answers `/v1/images/*` requests that name a model that is neither Gemini nor Imagen. */
  readonly defaultImageModel: string;
  /** Answers `/v1/audio/speech` requests that name a model that is not Gemini's. */
  readonly defaultTtsModel: string;
  /** The model `/verify` probes keys with. */
  readonly verifyModel: string;
  /** `claude-*` name fragments and their Gemini models, tried in order (ANTHROPIC_MODEL_MAP, then the defaults). */
  readonly anthropicModelMap: readonly ModelMapping[];
  /** How long a streamed upstream call may stay without response headers before the next key is tried. */
  readonly streamHeadersTimeoutMs: number;
  /** The same for a call that is not streamed. */
  readonly upstreamHeadersTimeoutMs: number;
  /** How long a request may wait for an answer to begin, across every key it tries. */
  readonly failoverDeadlineMs: number;
  /**
   * After how long a non-streamed answer still being thought about starts sending keep-alive
   * whitespace (0: never); undefined leaves it to the platform entry, which knows its first-byte limit.
   */
  readonly keepAliveAfterMs: number | undefined;
  /** How many times a blank answer is asked again, with the next key, before it is passed on. */
  readonly emptyAnswerRetries: number;
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
    defaultImageModel: parseModel('DEFAULT_IMAGE_MODEL', env.DEFAULT_IMAGE_MODEL, DEFAULT_IMAGE_MODEL),
    defaultTtsModel: parseModel('DEFAULT_TTS_MODEL', env.DEFAULT_TTS_MODEL, DEFAULT_TTS_MODEL),
    verifyModel: parseModel('VERIFY_MODEL', env.VERIFY_MODEL, DEFAULT_VERIFY_MODEL),
    anthropicModelMap: parseModelMap(env.ANTHROPIC_MODEL_MAP),
    streamHeadersTimeoutMs: parseMilliseconds('STREAM_HEADERS_TIMEOUT_MS', env.STREAM_HEADERS_TIMEOUT_MS, DEFAULT_STREAM_HEADERS_TIMEOUT_MS),
    upstreamHeadersTimeoutMs: parseMilliseconds('UPSTREAM_HEADERS_TIMEOUT_MS', env.UPSTREAM_HEADERS_TIMEOUT_MS, DEFAULT_UPSTREAM_HEADERS_TIMEOUT_MS),
    failoverDeadlineMs: parseMilliseconds('FAILOVER_DEADLINE_MS', env.FAILOVER_DEADLINE_MS, DEFAULT_FAILOVER_DEADLINE_MS),
    keepAliveAfterMs: parseKeepAlive(env.KEEP_ALIVE_AFTER_MS),
    emptyAnswerRetries: parseCount('EMPTY_ANSWER_RETRIES', env.EMPTY_ANSWER_RETRIES, DEFAULT_EMPTY_ANSWER_RETRIES),
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

function parseMilliseconds(name: string, raw: string | undefined, fallback: number): number {
  if (!raw?.trim()) return fallback;
  const milliseconds = Number(raw);
  if (!Number.isInteger(milliseconds) || milliseconds <= 0) {
    throw new ConfigError(`${name} must be a positive whole number of milliseconds (got "${raw}"), or be removed to keep the default of ${fallback}.`);
  }
  return milliseconds;
}

const MODEL_MAP_ENTRY = /^([^=\s]+)\s*=\s*(?:models\/)?([A-Za-z0-9][A-Za-z0-9._-]*)$/;

/** `opus=gemini-3.1-pro-preview,haiku=gemini-2.5-flash`: its entries first, then the defaults it does not override. */
function parseModelMap(raw: string | undefined): readonly ModelMapping[] {
  const entries = (raw ?? '').split(/[,;\n]/).map((entry) => entry.trim()).filter(Boolean);
  const mappings = entries.map((entry): ModelMapping => {
    const [, fragment, model] = MODEL_MAP_ENTRY.exec(entry) ?? [];
    if (!fragment || !model) {
      throw new ConfigError(`ANTHROPIC_MODEL_MAP has "${entry.slice(0, 100)}", which is not name-fragment=gemini-model. Write it like opus=gemini-3.1-pro-preview,haiku=gemini-2.5-flash, or remove it to keep the defaults.`);
    }
    return [fragment.toLowerCase(), model];
  });
  const overridden = new Set(mappings.map(([fragment]) => fragment));
  return [...mappings, ...DEFAULT_ANTHROPIC_MODEL_MAP.filter(([fragment]) => !overridden.has(fragment))];
}

/** `off` or `0`: never; a number of milliseconds: after that long; unset: as the platform needs. */
function parseKeepAlive(raw: string | undefined): number | undefined {
  const value = raw?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'off' || value === '0') return 0;
  return parseMilliseconds('KEEP_ALIVE_AFTER_MS', value, 0);
}

function parseCount(name: string, raw: string | undefined, fallback: number): number {
  if (!raw?.trim()) return fallback;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 10) {
    throw new ConfigError(`${name} must be a whole number from 0 to 10 (got "${raw}"), or be removed to keep the default of ${fallback}.`);
  }
  return count;
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
