/**
 * Runs the installed Claude Code (`@anthropic-ai/claude-code`, a native binary) once, non-interactively
 * (`claude -p`), against a base URL such as the proxy or a fake, and returns what it printed.
 * Nothing of the developer's setup leaks in: the environment is built from scratch, HOME, the config
 * dir, the temp dir and the working directory are fresh and removed afterwards, and every request
 * that is not the conversation itself (telemetry, bootstrap, updates, error reports, title
 * generation; all but the last go to api.anthropic.com) is switched off, so the server sees one
 * `HEAD <baseUrl>` pre-connect (answer ignored) and then only `POST <baseUrl>/v1/messages?beta=true`.
 * See test/fixtures/claude-code/README.md for what it sends and expects.
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAgentProcess } from './run-agent-process.ts';

export interface RunClaudeCodeOptions {
  /** Root of the Anthropic API, without /v1, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  prompt: string;
  /** `apiKey` is sent as `x-api-key`, `authToken` as `authorization: Bearer …`, both verbatim (a list such as "k1,k2" too). */
  auth: { apiKey: string } | { authToken: string };
  /** `--model`: an alias (opus, sonnet, haiku, fable) or any name, sent as is (e.g. gemini-2.5-flash). */
  model?: string;
  /** Hard limit for the whole run; the process group is killed when it passes. Default 60 s. */
  timeoutMs?: number;
  /** More CLI flags, placed before the prompt (e.g. ['--output-format', 'json']). */
  extraArgs?: string[];
  /** More environment variables, applied last (e.g. { CLAUDE_CODE_MAX_RETRIES: '0' }). */
  env?: Record<string, string>;
}

export interface ClaudeCodeResult {
  /** null when it was killed (time-out or signal). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The command that starts Claude Code, from the project's node_modules (never npx, never a global install). */
async function resolveClaudeCode(): Promise<{ command: string; args: string[] }> {
  const requireFromRoot = createRequire(join(PROJECT_ROOT, 'package.json'));
  const packageJsonPath = requireFromRoot.resolve('@anthropic-ai/claude-code/package.json');
  const packageDir = dirname(packageJsonPath);
  const manifest = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['claude'];
  if (!bin) throw new Error(`@anthropic-ai/claude-code at ${packageDir} declares no claude binary`);
  const binary = join(packageDir, bin);
  // postinstall copies the platform's native binary over bin/claude.exe; with --ignore-scripts the
  // few-hundred-byte placeholder stays, and the package's own Node launcher finds the binary instead.
  if ((await stat(binary)).size >= 4096) return { command: binary, args: [] };
  return { command: process.execPath, args: [join(packageDir, 'cli-wrapper.cjs')] };
}

export async function runClaudeCode(options: RunClaudeCodeOptions): Promise<ClaudeCodeResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { command, args: launcherArgs } = await resolveClaudeCode();
  // Short root: Claude Code puts AF_UNIX sockets under CLAUDE_CODE_TMPDIR, which must stay under ~30 bytes.
  const root = await mkdtemp(join(tmpdir(), 'cc-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  const work = join(root, 'work');
  await Promise.all([home, tmp, work].map((dir) => mkdir(dir, { recursive: true })));

  const env: Record<string, string> = {
    // Built from scratch, not from process.env: no inherited ANTHROPIC_*, CLAUDE_*, *_PROXY or OAuth state.
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    ...(process.env['SystemRoot'] ? { SystemRoot: process.env['SystemRoot'] } : {}),
    // No user settings, credentials, ~/.claude.json or shell rc files; everything it writes lands here.
    HOME: home,
    USERPROFILE: home,
    // Its settings/session/config dir, explicitly, in case the caller's environment names another one.
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    // Replaces /tmp/claude-<uid> (task output, sockets); TMPDIR is what the Bash tool's children see.
    CLAUDE_CODE_TMPDIR: tmp,
    TMPDIR: tmp,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ...('apiKey' in options.auth ? { ANTHROPIC_API_KEY: options.auth.apiKey } : { ANTHROPIC_AUTH_TOKEN: options.auth.authToken }),
    // Turns off everything non-essential: bootstrap, GrowthBook, MCP registry, metrics opt-out check,
    // 1P event logging (all to api.anthropic.com) and the session-title request to the base URL.
    // (The HEAD pre-connect to the base URL stays: only a proxy variable would skip it.)
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Telemetry off (also implied by the line above, which 2.1.197 checks first).
    DISABLE_TELEMETRY: '1',
    // No error reports (Sentry-style logError upload).
    DISABLE_ERROR_REPORTING: '1',
    // No update checks or plugin auto-updates; DISABLE_UPDATES is checked before DISABLE_AUTOUPDATER.
    DISABLE_AUTOUPDATER: '1',
    DISABLE_UPDATES: '1',
    ...options.env,
  };

  const args = [
    ...launcherArgs,
    // Print mode: one turn (with its tool round trips), answer on stdout, exit; never opens the TUI or
    // the trust dialog, and never asks for permission (a tool that is not allowed is denied instead).
    '-p',
    // Lets its own tools run without asking. --dangerously-skip-permissions (and --permission-mode
    // bypassPermissions) exit 1 as root unless IS_SANDBOX=1; an allow-list works for every user.
    '--allowedTools',
    'Bash,Read,Edit,Write',
    ...(options.model ? ['--model', options.model] : []),
    ...(options.extraArgs ?? []),
    // `--` so that a prompt starting with "-" is not read as a flag, nor swallowed by a variadic flag.
    '--',
    options.prompt,
  ];

  try {
    // stdin ignored: with an open stdin pipe `claude -p` would wait to read more prompt from it.
    return await runAgentProcess(command, args, { cwd: work, env, timeoutMs, label: 'runClaudeCode' });
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}
