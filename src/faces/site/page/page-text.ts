/**
 * Every word of the landing page, in English and Chinese. Plain text: page-html.ts escapes it and
 * turns `backticks` into <code>; `{{o}}` (this proxy's origin), `{{k}}` (what goes in a client's
 * API key field), `{{ck}}` (the same for Cherry Studio, which wants `;` between keys) and `{{ne}}`,
 * `{{nz}}` (CHERRY_KEYS_NOTE in English and Chinese, or nothing with a key pool) are filled in per request.
 */
export type Translation = readonly [en: string, zh: string];

export const PAGE_TEXT = {
  running: ['Gemini Balance Lite is running', 'Gemini Balance Lite 正在运行'],
  intro: [
    'Passes requests to the Gemini API, spread over your API keys.',
    '把请求转发给 Gemini API，轮流使用你的多个 Key。',
  ],
  poolOff: [
    'Key pool: off. Clients send their own keys; several go in one API key field, comma-separated.',
    'Key 池：未开启。客户端自带 Key，多个 Key 用英文逗号隔开填在一起。',
  ],
  poolOn: [
    'Key pool: on. The proxy holds the keys; clients use an access token as their API key.',
    'Key 池：已开启。Key 保存在代理上，客户端用访问令牌作为 API Key。',
  ],
  poolClosed: [
    'Key pool: closed (GEMINI_API_KEYS without ACCESS_TOKENS), so every request is refused. Set ACCESS_TOKENS.',
    'Key 池：已关闭（设置了 GEMINI_API_KEYS 但没有 ACCESS_TOKENS），所有请求都会被拒绝。请设置 ACCESS_TOKENS。',
  ],
  connect: ['Connect a client', '配置客户端'],
  openaiBase: ['OpenAI-compatible base URL', 'OpenAI 兼容接口 Base URL'],
  geminiBase: ['Gemini base URL', 'Gemini Base URL'],
  apiVersion: ['API version `v1beta`', 'API 版本 `v1beta`'],
  copy: ['Copy', '复制'],
  cherry: [
    'Settings → Model Provider → Add. Type Gemini or OpenAI; API host `{{o}}` for both (Cherry Studio adds `/v1` itself); API key `{{ck}}`.{{ne}}',
    '设置 → 模型服务 → 添加。类型选 Gemini 或 OpenAI，API 地址都填 `{{o}}`（Cherry Studio 会自己加 `/v1`），API 密钥填 `{{ck}}`。{{nz}}',
  ],
  check: ['Check keys', '检测 Key'],
  keysLabel: ['Gemini API keys, one per line or comma-separated', 'Gemini API Key，每行一个或用逗号隔开'],
  tokenLabel: ['Access token', '访问令牌'],
  keysNote: [
    'Sent only to this proxy, which tries each key with a one-token request. Nothing is stored.',
    'Key 只发给这个代理，每个 Key 用一次单 token 请求检测，不会保存。',
  ],
  tokenNote: [
    'Enter an access token to check the keys of the pool (shown masked).',
    '输入访问令牌，检测 Key 池里的 Key（打码显示）。',
  ],
  checkButton: ['Check', '检测'],
} satisfies Record<string, Translation>;

/**
 * After the Cherry Studio line when clients bring their own keys: Cherry Studio splits its key field on
 * commas and rotates the keys itself, so the proxy would get one key per request and could not fail over.
 */
export const CHERRY_KEYS_NOTE: Translation = [
  ' Separate the keys with `;`, not commas: Cherry Studio splits a comma list itself and sends one key per request, so the proxy could not switch keys when one fails.',
  '多个 Key 用 `;` 分隔，不要用逗号：Cherry Studio 会自己按逗号拆开，每个请求只带一个 Key，某个 Key 失败时代理就没法换 Key。',
];

/** The words the page script writes: result labels and messages (those before a detail end in their own space). */
export const SCRIPT_TEXT = {
  GOOD: ['valid', '有效'],
  BAD: ['invalid', '无效'],
  QUOTA: ['out of quota', '额度已用完'],
  ERROR: ['error', '出错'],
  checking: ['Checking…', '检测中…'],
  done: ['Done: ', '完成：'],
  empty: [
    'Paste keys first (or, with a key pool, an access token).',
    '请先填入 Key（开启 Key 池时填访问令牌）。',
  ],
  ascii: [
    'Only ASCII characters, please: remove Chinese punctuation and full-width letters.',
    '只能包含英文字符，请删掉中文标点和全角字母。',
  ],
  failed: ['Check failed: ', '检测失败：'],
  unreachable: ['Cannot reach the proxy: ', '连不上代理：'],
  copied: ['Copied', '已复制'],
  copyFailed: ['Press Ctrl+C', '请按 Ctrl+C'],
} satisfies Record<string, Translation>;
