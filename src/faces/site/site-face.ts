import { renderGeminiError } from '../gemini/gemini-error.ts';
import type { Face } from '../face.ts';
import { landingPageResponse } from './page/landing-page.ts';
import { verifyKeys } from './verify/verify-keys.ts';

/** The proxy's own pages: the landing page and the key checker. Errors in Gemini's shape, as the keys are Gemini keys. */
export const siteFace: Face = {
  name: 'site',
  summary: 'this page at /, and a key checker at POST /verify',
  routes: [
    { path: /^\/(index\.html)?$/, methods: ['GET', 'HEAD'], handle: landingPageResponse },
    { path: /^\/verify\/?$/, methods: ['POST'], handle: verifyKeys },
  ],
  renderError: renderGeminiError,
};
