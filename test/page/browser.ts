/**
 * Headless Chromium for the page tests and scripts/screenshot-page.ts: Debian's `chromium`, driven
 * with playwright-core, installed by scripts/ensure-chromium.sh when the machine has none.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ENSURE_CHROMIUM = fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url));
/** apt-get update and the install, on a slow mirror. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    await promisify(execFile)('sh', [ENSURE_CHROMIUM], { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
