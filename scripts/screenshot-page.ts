/**
 * Takes docs/screenshot.png (English) and docs/screenshot-zh.png (Chinese): the landing page of the
 * local server, as a deployment at https://gemini-balance-lite.your-name.workers.dev would show it,
 * after checking three keys against the fake upstream (one valid, one invalid, one out of quota).
 *
 *   npx tsx scripts/screenshot-page.ts
 *
 * Chinese needs a CJK font (Debian: apt-get install fonts-noto-cjk).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/page/browser.ts';
import { startFakeGemini } from '../test/support/fake-gemini.ts';
import { startLocalServer } from '../test/support/local-server.ts';

const DEPLOYMENT = 'https://gemini-balance-lite.your-name.workers.dev';
const KEYS = ['AIzaSyDemoKey0000000000000000000000GoOd', 'AIzaSyDemo-invalid-0000000000000000x7Qa', 'AIzaSyDemo-quota-000000000000000000Lm3k'];
const SHOTS = [
  { locale: 'en-US', file: 'docs/screenshot.png' },
  { locale: 'zh-CN', file: 'docs/screenshot-zh.png' },
];

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  if (!execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) console.warn('No CJK font: the Chinese screenshot will show boxes. Install fonts-noto-cjk.');
} catch {
  // No fontconfig tools: nothing to check.
}

const fake = await startFakeGemini();
const server = await startLocalServer({ GEMINI_BASE_URL: fake.url });
const browser = await launchChromium();
try {
  for (const { locale, file } of SHOTS) {
    const context = await browser.newContext({ locale, viewport: { width: 860, height: 900 }, colorScheme: 'light' });
    // The deployment's address, served by the local server: the page builds its URLs from it.
    await context.route(`${DEPLOYMENT}/**`, async (route) => {
      const { pathname, search } = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${server.url}${pathname}${search}` }) });
    });
    const page = await context.newPage();
    await page.goto(`${DEPLOYMENT}/`);
    await page.fill('#keys', KEYS.join('\n'));
    await page.click('#check');
    await page.locator('#results li').nth(KEYS.length - 1).waitFor();
    await page.screenshot({ path: `${root}${file}`, fullPage: true });
    console.log(`wrote ${file}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  await fake.close();
}
