/**
 * `GET /`: says the proxy runs, what to paste into a client (addresses built from the host the page
 * was loaded from), whether the key pool is on, and checks keys through `/verify`. Self-contained:
 * no external scripts, fonts or styles, so it works where CDNs are blocked.
 */
import type { ProxyConfig } from '../../../config.ts';
import type { RequestContext } from '../../../request-context.ts';
import { pageContentSecurityPolicy, renderPage, type PageLanguage, type PoolState } from './page-html.ts';

export async function landingPageResponse(request: Request, context: RequestContext): Promise<Response> {
  const html = renderPage({
    origin: context.url.origin,
    language: pickLanguage(request.headers.get('accept-language')),
    pool: poolState(context.config),
  });
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      vary: 'accept-language',
      'content-security-policy': await pageContentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** The reader's preferred language of the two the page has; English when neither is asked for. */
export function pickLanguage(acceptLanguage: string | null): PageLanguage {
  let best: PageLanguage = 'en';
  let bestWeight = 0;
  for (const entry of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = entry.trim().toLowerCase().split(';');
    const language = /^zh(-|$)/.test(tag) ? 'zh-CN' : /^en(-|$)/.test(tag) ? 'en' : null;
    const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (language && weight > bestWeight) {
      best = language;
      bestWeight = weight;
    }
  }
  return best;
}

function poolState(config: ProxyConfig): PoolState {
  if (config.keyPool.length === 0) return 'off';
  return config.accessTokens.length > 0 ? 'on' : 'closed';
}
