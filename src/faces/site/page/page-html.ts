/**
 * The landing page's HTML. Everything static (both languages, the style, the script) is put
 * together once, when the module loads; a request only fills in its slots: the origin, the
 * language, and what depends on the key pool. Both languages are in the page and CSS shows the
 * one named by <html lang>, so switching needs no reload.
 */
import { PAGE_SCRIPT } from './page-script.ts';
import { CHERRY_KEYS_NOTE, PAGE_TEXT, type Translation } from './page-text.ts';
import { bytesToBase64 } from '../../../base64.ts';

export type PageLanguage = 'en' | 'zh-CN';
/** off: clients bring keys. on: the proxy's keys behind access tokens. closed: keys set but no tokens. */
export type PoolState = 'off' | 'on' | 'closed';

export interface PageValues {
  /** Untrusted (it comes from the Host header): escaped here. */
  readonly origin: string;
  readonly language: PageLanguage;
  readonly pool: PoolState;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** One text in both languages; CSS hides the one that is not <html lang>. */
function both([en, zh]: Translation): string {
  return `<span class="E">${inline(en)}</span><span class="Z">${inline(zh)}</span>`;
}

function inline(text: string): string {
  // Code that shows the origin is marked for the script, which puts in the address the browser used.
  return escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code${code.includes('{{o}}') ? ' class="o"' : ''}>${code}</code>`);
}

function copyButton(target: string): string {
  return `<button type="button" data-copy="${target}" aria-describedby="${target}">${both(PAGE_TEXT.copy)}</button>`;
}

export const PAGE_STYLE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mu:#59636e;--bd:#d1d9e0;--cd:#f2f4f7;--ac:#0b57d0;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
@media(prefers-color-scheme:dark){:root{--bg:#15181d;--fg:#e6e8eb;--mu:#9ba3ad;--bd:#3a4048;--cd:#23272e;--ac:#8ab4f8;--ok:#57c776;--bad:#ff7b72;--warn:#e3b341}}
html[lang=en] .Z,html[lang=zh-CN] .E{display:none}
body{margin:0 auto;max-width:46rem;padding:0 1rem 2rem;font:16px/1.55 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header{display:flex;gap:1rem;align-items:center;justify-content:space-between}
h1{font-size:1.45rem;line-height:1.3}
h1:before{content:"";display:inline-block;width:.55em;height:.55em;border-radius:50%;background:var(--ok);margin-right:.45em}
h2{font-size:1.15rem;margin-top:2rem;padding-top:1rem;border-top:1px solid var(--bd)}
code,pre,textarea,input{font:.9em ui-monospace,Menlo,Consolas,monospace;background:var(--cd);border-radius:4px;padding:.1em .35em;overflow-wrap:anywhere}
pre{padding:.75rem;overflow:auto;overflow-wrap:normal}
pre code{padding:0}
button{font:inherit;font-size:.9rem;padding:.3rem .9rem;border:1px solid var(--bd);border-radius:6px;background:var(--cd);color:var(--fg);cursor:pointer}
.u{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .6rem;margin:.8rem 0}
.u>span:first-child{flex-basis:100%;font-weight:600}
.u code{font-size:1rem}
.mu,.m{color:var(--mu);font-size:.9rem}
#pool{padding:.5rem .8rem;border-left:4px solid var(--ok);background:var(--cd)}
#pool.off{border-color:var(--mu)}
#pool.closed,#status.err,.BAD b,.ERROR b{color:var(--bad);border-color:var(--bad)}
label{display:block;font-weight:600;margin:.4rem 0}
textarea,input{display:block;width:100%;box-sizing:border-box;font-size:16px;padding:.5rem;border:1px solid var(--bd);color:var(--fg)}
#check{background:var(--ac);border-color:var(--ac);color:var(--bg);font-weight:600;padding:.4rem 1.5rem}
#check:disabled{opacity:.6}
#results li{margin:.3rem 0}
.GOOD b{color:var(--ok)}
.QUOTA b{color:var(--warn)}
.cp{position:fixed;top:0;opacity:0}`;

type Slot = 'lang' | 'o' | 'k' | 'ck' | 'ne' | 'nz' | 'pool' | 'field';

const TEMPLATE = `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>Gemini Balance Lite</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style></head><body>
<header><h1>${both(PAGE_TEXT.running)}</h1><button id="lang" type="button"><span class="E" lang="zh-CN">中文</span><span class="Z" lang="en">English</span></button></header>
<main>
<p>${both(PAGE_TEXT.intro)}</p>
{{pool}}
<h2>${both(PAGE_TEXT.connect)}</h2>
<div class="u"><span>${both(PAGE_TEXT.openaiBase)}</span><code id="openai-url" class="o">{{o}}/v1</code>${copyButton('openai-url')}</div>
<div class="u"><span>${both(PAGE_TEXT.geminiBase)}</span><code id="gemini-url" class="o">{{o}}</code>${copyButton('gemini-url')}<span class="mu">${both(PAGE_TEXT.apiVersion)}</span></div>
<h3>Cherry Studio</h3>
<p>${both(PAGE_TEXT.cherry)}</p>
<h3>curl</h3>
<pre><code id="curl" class="o">curl "{{o}}/v1beta/models/gemini-2.5-flash:generateContent" \\
  -H "x-goog-api-key: {{k}}" \\
  -H "content-type: application/json" \\
  -d '{"contents":[{"parts":[{"text":"Hello"}]}]}'</code></pre>
${copyButton('curl')}
<h2>${both(PAGE_TEXT.check)}</h2>
<form id="checker" method="post" action="/verify">
{{field}}
<button id="check">${both(PAGE_TEXT.checkButton)}</button>
</form>
<p id="status" role="status"></p>
<ol id="results" aria-live="polite"></ol>
</main>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;

/** Even indexes: fixed text; odd indexes: slot names. */
const SEGMENTS = TEMPLATE.split(/\{\{(\w+)\}\}/g);

const KEYS_FIELD = `<label for="keys">${both(PAGE_TEXT.keysLabel)}</label>
<textarea id="keys" rows="4" spellcheck="false" autocomplete="off" autocapitalize="off" autocorrect="off" placeholder="AIzaSy…&#10;AIzaSy…"></textarea>
<p class="mu">${both(PAGE_TEXT.keysNote)}</p>`;
const TOKEN_FIELD = `<label for="keys">${both(PAGE_TEXT.tokenLabel)}</label>
<input id="keys" type="password" spellcheck="false" autocomplete="off" autocapitalize="off">
<p class="mu">${both(PAGE_TEXT.tokenNote)}</p>`;

/** With a key pool there is one token, so Cherry Studio's comma splitting does not matter and no note is shown. */
const TOKEN_SLOTS = { k: 'ACCESS_TOKEN', ck: 'ACCESS_TOKEN', ne: '', nz: '', field: TOKEN_FIELD };

const POOL_SLOTS: Record<PoolState, Pick<Record<Slot, string>, 'k' | 'ck' | 'ne' | 'nz' | 'pool' | 'field'>> = {
  // Cherry Studio splits its key field on commas and sends one key per request: its example uses `;`.
  off: { k: 'KEY1,KEY2', ck: 'KEY1;KEY2', ne: inline(CHERRY_KEYS_NOTE[0]), nz: inline(CHERRY_KEYS_NOTE[1]), pool: `<p id="pool" class="off">${both(PAGE_TEXT.poolOff)}</p>`, field: KEYS_FIELD },
  on: { ...TOKEN_SLOTS, pool: `<p id="pool" class="on">${both(PAGE_TEXT.poolOn)}</p>` },
  closed: { ...TOKEN_SLOTS, pool: `<p id="pool" class="closed">${both(PAGE_TEXT.poolClosed)}</p>` },
};

export function renderPage({ origin, language, pool }: PageValues): string {
  const slots: Record<Slot, string> = { lang: language, o: escapeHtml(origin), ...POOL_SLOTS[pool] };
  let html = '';
  for (let i = 0; i < SEGMENTS.length; i++) html += i % 2 === 0 ? SEGMENTS[i] : slots[SEGMENTS[i] as Slot];
  return html;
}

let policy: Promise<string> | undefined;

/**
 * Allows this page's own script and style and nothing else; the script may talk to this proxy only,
 * so pasted keys cannot leave for anywhere else even if something were injected.
 * Hashed on first use (digest is asynchronous), then kept.
 */
export function pageContentSecurityPolicy(): Promise<string> {
  policy ??= Promise.all([sha256(PAGE_SCRIPT), sha256(PAGE_STYLE)]).then(
    ([script, style]) =>
      `default-src 'none'; script-src '${script}'; style-src '${style}'; connect-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  return policy;
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `sha256-${bytesToBase64(digest)}`;
}
