/**
 * Runs the installed Codex CLI (`@openai/codex`, a dev dependency) once, non-interactively, against a
 * Responses API server of our own: `codex exec` with a throwaway CODEX_HOME whose config.toml defines
 * one custom model provider, in a throwaway working directory, with everything that would reach the
 * network elsewhere switched off. See test/fixtures/codex/README.md for what Codex sends and expects.
 *
 * Checked against codex-cli 0.171.0; `--strict-config` makes a renamed setting fail loudly after an upgrade.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAgentProcess } from './run-agent-process.ts';

export interface RunCodexOptions {
  /** The provider's base_url, e.g. `http://127.0.0.1:8787/v1`: Codex POSTs to `${baseUrl}/responses`. */
  baseUrl: string;
  prompt: string;
  /** Sent verbatim as `Authorization: Bearer <apiKey>`; a list such as "k1,k2" arrives unsplit. */
  apiKey: string;
  /** Defaults to gemini-2.5-flash. Codex has no metadata for Gemini names and uses its fallback tool set. */
  model?: string;
  /** Hard limit for the whole run; the process group is killed after it. Defaults to 60 s. */
  timeoutMs?: number;
  /** Appended after the built-in arguments, before the prompt: e.g. `['--json']` or `['-c', 'key=value']`. */
  extraArgs?: string[];
}

export interface RunCodexResult {
  /** Null when the process was ended by a signal (always the case after a timeout). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** What `--output-last-message` wrote: the agent's final message, when there was one. */
  lastMessage?: string;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The package's launcher; it picks the native binary for this platform. Run with our own node, no npx. */
const CODEX_LAUNCHER = join(PROJECT_ROOT, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const PROVIDER_ID = 'balance-lite';
const KEY_ENV = 'GEMINI_BALANCE_LITE_CODEX_KEY';
const DEFAULT_TIMEOUT_MS = 60_000;

export async function runCodex(options: RunCodexOptions): Promise<RunCodexResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = await mkdtemp(join(tmpdir(), 'codex-run-'));
  const home = join(root, 'home');
  const codexHome = join(root, 'codex-home');
  const workDir = join(root, 'work');
  const lastMessageFile = join(root, 'last-message.txt');
  try {
    await Promise.all([mkdir(home), mkdir(codexHome), mkdir(workDir)]);
    await writeFile(join(codexHome, 'config.toml'), configToml(options, timeoutMs));
    const args = [
      CODEX_LAUNCHER,
      'exec',
      // The working directory is a fresh temp dir, not a git repository; exec refuses those otherwise.
      '--skip-git-repo-check',
      // No session files to write or to resume from.
      '--ephemeral',
      // No approval prompts, no sandbox: bubblewrap/seccomp behave differently as root and in containers.
      '--dangerously-bypass-approvals-and-sandbox',
      // Unknown config.toml keys are an error instead of being ignored.
      '--strict-config',
      '--color',
      'never',
      // The final agent message, on its own, for lastMessage.
      '--output-last-message',
      lastMessageFile,
      '--cd',
      workDir,
      ...(options.extraArgs ?? []),
      // The prompt is positional; `--` keeps a prompt that starts with "-" from being read as a flag.
      '--',
      options.prompt,
    ];
    const run = await runAgentProcess(process.execPath, args, { cwd: workDir, env: codexEnv(options.apiKey, home, codexHome), timeoutMs, label: 'runCodex' });
    const lastMessage = await readFile(lastMessageFile, 'utf8').catch(() => undefined);
    return lastMessage === undefined ? run : { ...run, lastMessage };
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
}

function configToml(options: RunCodexOptions, timeoutMs: number): string {
  const model = options.model ?? 'gemini-2.5-flash';
  return [
    `model = ${tomlString(model)}`,
    `model_provider = ${tomlString(PROVIDER_ID)}`,
    // exec never checks for updates today; this keeps it that way if it starts to.
    'check_for_update_on_startup = false',
    '',
    // Otherwise Codex posts analytics events to ab.chatgpt.com at the end of the run.
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    // The plugin marketplace sync clones from github.com and calls api.github.com and chatgpt.com.
    'plugins = false',
    // On by default: a refused connection is retried forever ("Reconnecting... waiting for network")
    // regardless of request_max_retries. Off, a proxy that is down fails the run at once.
    'unbounded_connection_retries = false',
    '',
    `[model_providers.${PROVIDER_ID}]`,
    'name = "gemini-balance-lite"',
    `base_url = ${tomlString(options.baseUrl)}`,
    // The key is read from this environment variable and sent as a Bearer token.
    `env_key = ${tomlString(KEY_ENV)}`,
    'wire_api = "responses"',
    // Defaults are 4 and 5, with backoff: up to 30 POSTs for one persistent 5xx. Tests want the first
    // failure; override with `-c model_providers.balance-lite.request_max_retries=N` to test retries.
    'request_max_retries = 0',
    'stream_max_retries = 0',
    // Default 300 s; a stalled stream should fail inside the run's own timeout.
    `stream_idle_timeout_ms = ${Math.max(1_000, Math.min(timeoutMs - 1_000, 30_000))}`,
    '',
  ].join('\n');
}

/** A TOML basic string; JSON's escaping is valid TOML for the characters that can occur here. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** A minimal environment: nothing of the caller's OPENAI_API_KEY, proxies, CODEX_* or shell profile leaks in. */
function codexEnv(apiKey: string, home: string, codexHome: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    CODEX_HOME: codexHome,
    [KEY_ENV]: apiKey,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  };
}
