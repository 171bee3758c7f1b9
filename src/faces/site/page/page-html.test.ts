/**
 * The landing page's HTML without a browser: what goes into it, what is escaped, which language,
 * what the key pool shows, and that its security policy admits exactly its own script and style.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleRequest } from '../../../handle-request.ts';
import { pickLanguage } from './landing-page.ts';
import { PAGE_TEXT, SCRIPT_TEXT } from './page-text.ts';

async function getPage(url: string, headers: Record<string, string> = {}, env: Record<string, string> = {}) {
  const response = await handleRequest(new Request(url, { headers }), env);
  return { response, html: await response.text() };
}

beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('the landing page HTML', () => {
  it('escapes a hostile Host wherever the origin goes', async () => {
    const { response, html } = await getPage(`http://x"onmouseover='alert(1)'&y.example/`);
    expect(response.status).toBe(200);
    expect(html).not.toContain('x"onmouseover');
    expect(html).not.toContain("'alert(1)'");
    const escaped = 'http://x&#34;onmouseover=&#39;alert(1)&#39;&#38;y.example';
    expect(html).toContain(`<code id="openai-url" class="o">${escaped}/v1</code>`);
    expect(html).toContain(`<code id="gemini-url" class="o">${escaped}</code>`);
    expect(html).toContain(`<code id="curl" class="o">curl "${escaped}/v1beta/models/`);
    // Those three, and the Cherry Studio line in each language.
    expect(html.split(escaped).length - 1).toBe(5);
  });

  it('has both languages, and <html lang> picks the one shown', async () => {
    const { html } = await getPage('https://proxy.example/');
    const withoutPool = Object.entries(PAGE_TEXT).filter(([name]) => !/^(poolOn|poolClosed|tokenLabel|tokenNote)$/.test(name));
    for (const [, [en, zh]] of withoutPool) {
      expect(html).toContain(`<span class="E">${en.split(/`|\{\{/)[0]}`);
      expect(html).toContain(`<span class="Z">${zh.split(/`|\{\{/)[0]}`);
    }
    // What the script writes, in both languages too.
    for (const [en, zh] of Object.values(SCRIPT_TEXT)) expect(html).toContain(JSON.stringify([en, zh]));
    expect(html).toContain('<span class="E">Gemini Balance Lite is running</span><span class="Z">Gemini Balance Lite 正在运行</span>');
    expect(html).toContain('html[lang=en] .Z,html[lang=zh-CN] .E{display:none}');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/\{\{|undefined/);
    expect((await getPage('https://proxy.example/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
  });

  it('picks the language the browser prefers of the two, English otherwise', () => {
    expect(pickLanguage(null)).toBe('en');
    expect(pickLanguage('')).toBe('en');
    expect(pickLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLanguage('zh-TW')).toBe('zh-CN');
    expect(pickLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(pickLanguage('fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4')).toBe('zh-CN');
    expect(pickLanguage('de, en;q=0.3, zh-Hans;q=0.7')).toBe('zh-CN');
    expect(pickLanguage('ja,ko')).toBe('en');
    expect(pickLanguage('zhx,enx')).toBe('en');
    expect(pickLanguage('zh;q=0, en;q=0.1')).toBe('en');
  });

  it('loads nothing from elsewhere: no external script, style, font or image', async () => {
    const { html } = await getPage('https://proxy.example/');
    expect(html).not.toMatch(/<(?:script|img|iframe)[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link(?![^>]*rel="icon"[^>]*href="data:)[^>]*>/i);
    expect(html).not.toMatch(/@import|url\(|@font-face/i);
    expect(html.match(/https?:\/\/(?!proxy\.example|www\.w3\.org\/2000\/svg)[\w.-]+/g)).toBeNull();
  });

  it('sends a security policy that admits only its own inline script and style, and lets it talk only to this proxy', async () => {
    const { response, html } = await getPage('https://proxy.example/');
    const policy = response.headers.get('content-security-policy') ?? '';
    const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(policy).toContain(`script-src ${sha256(script)};`);
    expect(policy).toContain(`style-src ${sha256(style)};`);
    expect(policy).toMatch(/^default-src 'none';/);
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toBe('accept-language');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle=|\son\w+=/);
  });

  it('says whether the key pool is on, and never shows its keys or tokens', async () => {
    const pool = { GEMINI_API_KEYS: 'AIzaSyPoolSecret000000000000000000001,AIzaSyPoolSecret000000000000000000002', ACCESS_TOKENS: 'token-secret-1' };
    const off = (await getPage('https://proxy.example/')).html;
    const on = (await getPage('https://proxy.example/', {}, pool)).html;
    const closed = (await getPage('https://proxy.example/', {}, { GEMINI_API_KEYS: pool.GEMINI_API_KEYS })).html;

    expect(off).toContain('<p id="pool" class="off"><span class="E">Key pool: off.');
    expect(off).toContain('<textarea id="keys"');
    expect(off).toContain('x-goog-api-key: KEY1,KEY2');
    // Cherry Studio splits a comma list itself: its example separates the keys with `;`, and says why.
    expect(off).toContain('API key <code>KEY1;KEY2</code>. Separate the keys with <code>;</code>');
    expect(off).toContain('API 密钥填 <code>KEY1;KEY2</code>。多个 Key 用 <code>;</code> 分隔');
    expect(on).toContain('API key <code>ACCESS_TOKEN</code>.</span>');
    expect(on).toContain('<p id="pool" class="on"><span class="E">Key pool: on.');
    expect(on).toContain('<input id="keys" type="password"');
    expect(on).toContain('x-goog-api-key: ACCESS_TOKEN');
    expect(closed).toContain('<p id="pool" class="closed"><span class="E">Key pool: closed');
    for (const html of [on, closed]) {
      expect(html).not.toMatch(/PoolSecret|token-secret/);
    }
  });

  it('keeps the text box out of spell checkers and password managers, and every control labelled', async () => {
    const { html } = await getPage('https://proxy.example/');
    expect(html).toMatch(/<label for="keys">/);
    expect(html).toMatch(/<textarea id="keys"[^>]*spellcheck="false"[^>]*autocomplete="off"/);
    // Without the script, the form posts nothing: the box has no name, so keys never land in a URL.
    expect(html).toContain('<form id="checker" method="post" action="/verify">');
    expect(html).not.toMatch(/<(?:textarea|input)[^>]*\sname=/);
  });

  it('stays small: under 5 KiB gzipped', async () => {
    const { html } = await getPage('https://gemini-balance-lite.your-name.workers.dev/', {}, {});
    expect(gzipSync(html).length).toBeLessThan(5 * 1024);
  });

  it('answers HEAD and refuses other methods', async () => {
    expect((await handleRequest(new Request('https://proxy.example/', { method: 'HEAD' }))).status).toBe(200);
    expect((await handleRequest(new Request('https://proxy.example/index.html'))).status).toBe(200);
    expect((await handleRequest(new Request('https://proxy.example/', { method: 'POST' }))).status).toBe(405);
  });
});
