/** The model a Gemini API path is about (`/v1beta/models/gemini-2.5-flash:generateContent` → `gemini-2.5-flash`). */
export function modelOfPath(pathname: string): string | undefined {
  return /\/models\/([^/:]+)/.exec(pathname)?.[1];
}

/**
 * Joins the configured upstream and the client's path and query by plain concatenation, so that no
 * path (`//evil.example`, `@host`, `..`) can change the host the request goes to; checked all the same.
 */
export function buildUpstreamUrl(geminiBaseUrl: string, pathname: string, search: string): string {
  const upstream = `${geminiBaseUrl}${pathname}${search}`;
  if (new URL(upstream).origin !== new URL(geminiBaseUrl).origin) {
    throw new Error('the request path would leave the configured upstream');
  }
  return upstream;
}
