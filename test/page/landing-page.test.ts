/**
 * The landing page in a real browser: Debian's chromium, driven with playwright-core, against the
 * local server (`npm start`) and the fake upstream. Installs chromium first when it is missing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startFakeGemini, type FakeGemini } from '../support/fake-gemini.ts';
import { startLocalServer, type LocalServer } from '../support/local-server.ts';
import { INSTALL_TIMEOUT_MS, launchChromium } from './browser.ts';

const GOOD = 'AIzaSyPageGood000000000000000000000Ab12';
const INVALID = 'AIzaSyPage-invalid-000000000000000Cd34';
const QUOTA = 'AIzaSyPage-quota-00000000000000000Ef56';
const POOL_GOOD = 'AIzaSyPoolGood000000000000000000000Gh78';
const POOL_INVALID = 'AIzaSyPool-invalid-000000000000000Ij90';
const ACCESS_TOKEN = 'page-test-access-token';

let fake: FakeGemini;
let server: LocalServer;
let poolServer: LocalServer;
/** An upstream that holds back its answer to keys containing "slow" until released, and a proxy in front of it. */
let slowUpstream: Server;
let slowServer: LocalServer;
let releaseSlow: () => void = () => {};
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and console errors of every page opened in the current test. */
let problems: string[] = [];

beforeAll(async () => {
  fake = await startFakeGemini();
  slowUpstream = await startSlowUpstream();
  [server, poolServer, slowServer, browser] = await Promise.all([
    startLocalServer({ GEMINI_BASE_URL: fake.url }),
    startLocalServer({ GEMINI_BASE_URL: fake.url, GEMINI_API_KEYS: `${POOL_GOOD},${POOL_INVALID}`, ACCESS_TOKENS: ACCESS_TOKEN }),
    startLocalServer({ GEMINI_BASE_URL: `http://127.0.0.1:${(slowUpstream.address() as AddressInfo).port}` }),
    launchChromium(),
  ]);
}, INSTALL_TIMEOUT_MS + 60_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  releaseSlow();
  await Promise.all([server?.stop(), poolServer?.stop(), slowServer?.stop()]);
  await fake?.close();
  slowUpstream?.closeAllConnections();
  await new Promise((resolve) => slowUpstream?.close(resolve));
});

async function startSlowUpstream(): Promise<Server> {
  let released = false;
  const waiting: Array<() => void> = [];
  releaseSlow = () => {
    released = true;
    waiting.splice(0).forEach((answer) => answer());
  };
  const upstream = createServer((req, res) => {
    req.resume();
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"candidates":[]}');
    if (String(req.headers['x-goog-api-key']).includes('slow') && !released) waiting.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return upstream;
}

async function openPage(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chrome logs every 4xx as an error; a refused check is an answer the page shows, tested below.
    const refusedCheck = message.text().startsWith('Failed to load resource') && message.location().url.endsWith('/verify');
    if (message.type() === 'error' && !refusedCheck) problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${url}/`);
  return page;
}

async function checkKeys(page: Page, input: string, results: number): Promise<void> {
  await page.fill('#keys', input);
  await page.click('#check');
  await expect.poll(() => page.locator('#results li').count()).toBe(results);
  await expect.poll(() => page.locator('#check').isDisabled()).toBe(false);
}

/** The visible text of each result, in the order of the keys. */
function resultTexts(page: Page): Promise<string[]> {
  return page.locator('#results li').evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

describe('the landing page in Chromium', () => {
  it('says the proxy runs and shows the base URLs of the host it was loaded from', async () => {
    const page = await openPage(server.url);
    expect(await page.title()).toBe('Gemini Balance Lite');
    expect(await page.locator('h1').innerText()).toBe('Gemini Balance Lite is running');
    expect(await page.locator('#openai-url').innerText()).toBe(`${server.url}/v1`);
    expect(await page.locator('#gemini-url').innerText()).toBe(server.url);
    expect(await page.locator('main').innerText()).toContain('API version v1beta');
    expect(await page.locator('#curl').innerText()).toContain(`curl "${server.url}/v1beta/models/gemini-2.5-flash:generateContent"`);
    expect(await page.locator('#pool').innerText()).toMatch(/^Key pool: off\./);
    // Only the text of the chosen language is shown.
    expect(await page.locator('main').innerText()).not.toMatch(/[\u4e00-\u9fff]{2}/);
  });

  it('shows the address the browser used when the server saw another one (a TLS proxy in front)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    contexts.push(context);
    const publicOrigin = 'https://gemini.proxy.example';
    await context.route(`${publicOrigin}/**`, async (route) => {
      const { pathname, search } = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${server.url}${pathname}${search}` }) });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const response = await page.goto(`${publicOrigin}/`);
    expect(await response!.text()).toContain(`${server.url}/v1`);
    expect(await page.locator('#openai-url').innerText()).toBe(`${publicOrigin}/v1`);
    expect(await page.locator('#gemini-url').innerText()).toBe(publicOrigin);
    expect(await page.locator('#curl').innerText()).toContain(`curl "${publicOrigin}/v1beta/models/`);
    expect(await page.locator('main').innerText()).toContain(`API host ${publicOrigin} for both`);
    expect(await page.locator('main').innerText()).not.toContain(server.url);
  });

  it('loads nothing from anywhere but this proxy', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${server.url}/`);
    await page.waitForLoadState('networkidle');
    expect(requested.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });

  it('marks each key valid, invalid or out of quota as the results stream in, masked and in the order given', async () => {
    const page = await openPage(server.url);
    const verifyRequests: Array<{ url: string; key: string | undefined }> = [];
    page.on('request', (request) => {
      if (request.url().includes('/verify')) verifyRequests.push({ url: request.url(), key: request.headers()['x-goog-api-key'] });
    });
    // One per line, commas, a Chinese comma, blank lines and a repeat.
    await checkKeys(page, `${GOOD}\n\n${INVALID}，${QUOTA}, ${GOOD}\n`, 3);

    expect(await resultTexts(page)).toEqual([
      'AIzaSy…Ab12 valid',
      'AIzaSy…Cd34 invalid API key not valid. Please pass a valid API key.',
      expect.stringMatching(/^AIzaSy…Ef56 out of quota You exceeded your current quota/),
    ]);
    expect(await page.locator('#results li').evaluateAll((items) => items.map((item) => item.className))).toEqual(['GOOD', 'BAD', 'QUOTA']);
    expect(await page.locator('#status').innerText()).toBe('Done: valid 1 · invalid 1 · out of quota 1');

    // The keys went to this proxy's /verify, once, and nowhere else; the page stored none of them.
    expect(verifyRequests).toEqual([{ url: `${server.url}/verify`, key: `${GOOD},${INVALID},${QUOTA}` }]);
    const html = await page.content();
    for (const key of [GOOD, INVALID, QUOTA]) expect(html).not.toContain(key.slice(6, -4));
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + location.href)).not.toMatch(/AIza/);
  });

  it('shows each result as soon as it is in, before the slower keys are done', async () => {
    const page = await openPage(slowServer.url);
    await page.fill('#keys', 'AIzaSy-slow-0000000000000000000000Sl0w\nAIzaSyFast00000000000000000000000Fa57');
    await page.click('#check');
    await expect.poll(() => resultTexts(page)).toEqual(['AIzaSy…Fa57 valid']);
    expect(await page.locator('#status').innerText()).toBe('Checking…');
    expect(await page.locator('#check').isDisabled()).toBe(true);
    releaseSlow();
    await expect.poll(() => page.locator('#status').innerText()).toBe('Done: valid 2');
    // In the order of the keys, not of the answers.
    expect(await resultTexts(page)).toEqual(['AIzaSy…Sl0w valid', 'AIzaSy…Fa57 valid']);
    expect(await page.locator('#results li').evaluateAll((items) => items.map((item) => (item as HTMLLIElement).value))).toEqual([1, 2]);
  });

  it('says what is wrong instead of sending what cannot be a key', async () => {
    const page = await openPage(server.url);
    const verifyRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/verify')) verifyRequests.push(request.url());
    });
    await page.click('#check');
    expect(await page.locator('#status').innerText()).toMatch(/^Paste keys first/);
    await page.fill('#keys', `${GOOD}；密钥`);
    await page.click('#check');
    expect(await page.locator('#status').innerText()).toMatch(/^Only ASCII characters/);
    expect(await page.locator('#status').getAttribute('class')).toBe('err');
    expect(verifyRequests).toEqual([]);
  });

  it('shows the answer of /verify when it refuses the check', async () => {
    const page = await openPage(server.url);
    await page.fill('#keys', Array.from({ length: 201 }, (_, i) => `AIzaSyMany${String(i).padStart(29, '0')}`).join('\n'));
    await page.click('#check');
    await expect.poll(() => page.locator('#status').innerText()).toBe('Check failed: Too many keys: 201. Check at most 200 at a time.');
    expect(await page.locator('#check').isDisabled()).toBe(false);
  });

  it('copies a base URL with its copy button', async () => {
    const page = await openPage(server.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const button = page.locator('button[data-copy="openai-url"]');
    expect(await button.getAttribute('aria-describedby')).toBe('openai-url');
    await button.click();
    await expect.poll(() => button.innerText()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/v1`);
    await expect.poll(() => button.innerText(), { timeout: 5_000 }).toBe('Copy');
  });

  it('copies without the Clipboard API too (plain http on a LAN address has none)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    contexts.push(context);
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.url}/`);
    const button = page.locator('button[data-copy="gemini-url"]');
    await button.click();
    await expect.poll(() => button.innerText()).toBe('Copied');
    // The text box used for copying is gone again.
    expect(await page.locator('textarea').count()).toBe(1);
  });

  it('is in Chinese for a Chinese browser, switches language with its button, and remembers the choice', async () => {
    const page = await openPage(server.url, { locale: 'zh-CN' });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('h1').innerText()).toBe('Gemini Balance Lite 正在运行');
    expect(await page.locator('#pool').innerText()).toMatch(/^Key 池：未开启/);
    expect(await page.locator('label[for="keys"]').innerText()).toBe('Gemini API Key，每行一个或用逗号隔开');
    await checkKeys(page, `${GOOD},${INVALID}`, 2);
    expect(await resultTexts(page)).toEqual(['AIzaSy…Ab12 有效', 'AIzaSy…Cd34 无效 API key not valid. Please pass a valid API key.']);

    const button = page.locator('#lang');
    expect(await button.innerText()).toBe('English');
    await button.click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Gemini Balance Lite is running');
    expect(await resultTexts(page)).toEqual(['AIzaSy…Ab12 valid', 'AIzaSy…Cd34 invalid API key not valid. Please pass a valid API key.']);
    expect(await button.innerText()).toBe('中文');

    await page.reload();
    expect(await page.locator('h1').innerText()).toBe('Gemini Balance Lite is running');
    await page.locator('#lang').click();
    expect(await page.locator('h1').innerText()).toBe('Gemini Balance Lite 正在运行');
  });

  it('fits a phone screen, with a label for the key box and a live region for the results', async () => {
    const page = await openPage(server.url, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByLabel('Gemini API keys, one per line or comma-separated').evaluate((element) => element.id)).toBe('keys');
    expect(await page.locator('#results').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#status').getAttribute('role')).toBe('status');
  });

  it('follows the dark color scheme', async () => {
    const light = await openPage(server.url, { colorScheme: 'light' });
    const dark = await openPage(server.url, { colorScheme: 'dark' });
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background(light)).toBe('rgb(255, 255, 255)');
    const [r, g, b] = (await background(dark)).match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(150);
  });
});

describe('the landing page of a proxy with a key pool', () => {
  it('says the pool is on, never shows its keys, and checks them with an access token', async () => {
    const page = await openPage(poolServer.url);
    expect(await page.locator('#pool').innerText()).toMatch(/^Key pool: on\./);
    expect(await page.locator('label[for="keys"]').innerText()).toBe('Access token');
    expect(await page.locator('#keys').getAttribute('type')).toBe('password');
    expect(await page.locator('main').innerText()).toContain('Enter an access token to check the keys of the pool');
    expect(await page.locator('#curl').innerText()).toContain('x-goog-api-key: ACCESS_TOKEN');
    const before = await page.content();
    for (const key of [POOL_GOOD, POOL_INVALID]) expect(before).not.toContain(key.slice(6, -4));

    await page.fill('#keys', 'not-the-token');
    await page.click('#check');
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/^Check failed: The access token is wrong\./);

    await checkKeys(page, ACCESS_TOKEN, 2);
    expect(await resultTexts(page)).toEqual(['AIzaSy…Gh78 valid', 'AIzaSy…Ij90 invalid API key not valid. Please pass a valid API key.']);
    const after = await page.content();
    for (const key of [POOL_GOOD, POOL_INVALID, ACCESS_TOKEN]) expect(after).not.toContain(key.slice(6, -4));
  });
});
