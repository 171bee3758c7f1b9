/**
 * Runs the installed Gemini CLI (`@google/gemini-cli`, a dev dependency) once, non-interactively
 * (`gemini -p`), the way a user points it at the proxy: GOOGLE_GEMINI_BASE_URL at the server and
 * GEMINI_API_KEY holding the key list. Nothing of the developer's setup leaks in: the environment is
 * built from scratch, and HOME (with the ~/.gemini/settings.json written here), the temp dir and the
 * working directory are fresh and removed afterwards.
 *
 * Checked against Gemini CLI 0.61.0. With the settings below it sends only
 * `POST <baseUrl>/v1beta/models/<model>:streamGenerateContent?alt=sse` with the key list verbatim in
 * `x-goog-api-key` (no countTokens, no model list, no loadCodeAssist), one request per model turn,
 * on one connection; traced with strace it opens no other socket and looks up no name.
 * `-m gemini-3-pro-preview` is sent as `gemini-3.1-pro-preview`: with an API key Gemini CLI upgrades
 * the name itself. Its own tools, as declared in the first request: update_topic,
 * list_directory, read_file, grep_search, glob, replace, write_file, web_fetch, run_shell_command,
 * list_background_processes, read_background_output, google_web_search, enter_plan_mode, invoke_agent,
 * activate_skill.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAgentProcess, type AgentRun } from './run-agent-process.ts';

export interface RunGeminiCliOptions {
  /** Root of the Gemini API, without /v1beta, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  prompt: string;
  /** GEMINI_API_KEY, sent verbatim as `x-goog-api-key` (a list such as "k1,k2" too). */
  apiKey: string;
  /** `-m`. Without it Gemini CLI picks its default model. */
  model?: string;
  /** Hard limit for the whole run; the process group is killed when it passes. Default 60 s. */
  timeoutMs?: number;
  /** Files to create in the working directory first, by relative path. */
  files?: Record<string, string>;
  /** More CLI flags, placed before the prompt (e.g. ['--output-format', 'json']). */
  extraArgs?: string[];
  /** More environment variables, applied last. */
  env?: Record<string, string>;
}

export type GeminiCliResult = AgentRun;

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ~/.gemini/settings.json. `selectedType` is required: with GOOGLE_GEMINI_BASE_URL set and no auth
 * type chosen, Gemini CLI 0.61.0 takes the "gateway" type from the environment, which `-p` then
 * rejects ("Invalid auth method selected.", exit 41). The rest turns off what could leave the
 * machine or wait for a person: usage statistics (which also add an installation id header to
 * every request), telemetry, update checks and notices, the IDE companion, the sandbox.
 */
const SETTINGS = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
  ide: { enabled: false },
  tools: { sandbox: false },
};

/** The CLI's entry script from the project's node_modules (never npx, never a global install), run with this Node. */
async function resolveGeminiCli(): Promise<string> {
  const requireFromRoot = createRequire(join(PROJECT_ROOT, 'package.json'));
  const packageJsonPath = requireFromRoot.resolve('@google/gemini-cli/package.json');
  const manifest = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['gemini'];
  if (!bin) throw new Error('@google/gemini-cli declares no gemini binary');
  return join(dirname(packageJsonPath), bin);
}

export async function runGeminiCli(options: RunGeminiCliOptions): Promise<GeminiCliResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const entry = await resolveGeminiCli();
  const root = await mkdtemp(join(tmpdir(), 'gemini-cli-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  const work = join(root, 'work');
  try {
    await Promise.all([join(home, '.gemini'), tmp, work].map((dir) => mkdir(dir, { recursive: true })));
    await writeFile(join(home, '.gemini', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    for (const [name, content] of Object.entries(options.files ?? {})) await writeFile(join(work, name), content);

    const env: Record<string, string> = {
      // Built from scratch, not from process.env: no inherited GEMINI_*, GOOGLE_*, *_PROXY or CI variables.
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      ...(process.env['SystemRoot'] ? { SystemRoot: process.env['SystemRoot'] } : {}),
      HOME: home,
      USERPROFILE: home,
      // Where it keeps ~/.gemini (settings, history, trusted folders), explicitly.
      GEMINI_CLI_HOME: home,
      // The machine-wide settings files (/etc/gemini-cli/… on Linux), pointed at files that do not exist.
      GEMINI_CLI_SYSTEM_SETTINGS_PATH: join(root, 'system-settings.json'),
      GEMINI_CLI_SYSTEM_DEFAULTS_PATH: join(root, 'system-defaults.json'),
      TMPDIR: tmp,
      GOOGLE_GEMINI_BASE_URL: options.baseUrl,
      GEMINI_API_KEY: options.apiKey,
      ...options.env,
    };

    const args = [
      entry,
      // Headless mode: one turn with its tool round trips, the answer on stdout, then exit. Joined to
      // its flag, so that a prompt starting with "-" is not read as a flag.
      `--prompt=${options.prompt}`,
      // Without it the fresh working directory is untrusted and headless mode exits 55 at once.
      '--skip-trust',
      // Every tool runs without asking. Headless mode cannot ask: in the default mode it does not even offer
      // the shell tool, and a call of it comes back as "Tool \"run_shell_command\" not found".
      '--approval-mode',
      'yolo',
      ...(options.model ? ['-m', options.model] : []),
      ...(options.extraArgs ?? []),
    ];
    // stdin ignored: `-p` appends whatever comes on stdin to the prompt, and would wait for it on an open pipe.
    return await runAgentProcess(process.execPath, args, { cwd: work, env, timeoutMs, label: 'runGeminiCli' });
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}
