/** Environment variables as every platform hands them over: Workers `env`, `Deno.env.toObject()`, `process.env`. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Every variable the proxy itself reads, named the same on every platform (`PORT` belongs to the local servers). */
export const ENVIRONMENT_VARIABLES = ['GEMINI_BASE_URL', 'VERIFY_MODEL', 'DEFAULT_MODEL', 'DEFAULT_EMBEDDING_MODEL'] as const;

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

export interface ProxyConfig {
  /** Upstream origin plus an optional path prefix (for gateways), without a trailing slash. */
  readonly geminiBaseUrl: string;
}

export class ConfigError extends Error {}

const configCache = new WeakMap<object, ProxyConfig>();

/** Reads the configuration once per environment object; the platforms pass the same object on every request. */
export function readConfig(env: EnvVars): ProxyConfig {
  const cached = configCache.get(env);
  if (cached) return cached;
  const config: ProxyConfig = { geminiBaseUrl: parseBaseUrl(env.GEMINI_BASE_URL) };
  configCache.set(env, config);
  return config;
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
