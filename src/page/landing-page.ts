/**
 * `GET /`: says the proxy runs and what to paste into a client, with addresses built from the host
 * the page was loaded from. Self-contained: no external scripts, fonts or styles.
 */
export function landingPageResponse(url: URL): Response {
  return new Response(renderLandingPage(url.origin), {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

function renderLandingPage(origin: string): string {
  const safeOrigin = escapeHtml(origin);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gemini Balance Lite</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre{background:#f3f3f3;border-radius:4px;padding:.1rem .3rem}pre{padding:.8rem;overflow:auto}</style>
</head><body>
<h1>Gemini Balance Lite is running</h1>
<p>This proxy passes requests to the Gemini API and spreads them over the keys you give it. 代理运行正常。</p>
<h2>Connect a client · 配置客户端</h2>
<ul>
<li>Gemini (Google SDKs, Cherry Studio “Gemini”): base URL <code>${safeOrigin}</code>, API version <code>v1beta</code></li>
<li>OpenAI-compatible clients: base URL <code>${safeOrigin}/v1</code></li>
<li>API key: one Gemini key, or several separated by commas · 多个 Key 用英文逗号分隔</li>
</ul>
<pre>curl "${safeOrigin}/v1beta/models/gemini-2.5-flash:generateContent" \\
  -H "x-goog-api-key: KEY1,KEY2" -H "content-type: application/json" \\
  -d '{"contents":[{"parts":[{"text":"Hello"}]}]}'</pre>
<p>Check your keys · 检测 Key：<code>curl -X POST ${safeOrigin}/verify -H "x-goog-api-key: KEY1,KEY2"</code></p>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
