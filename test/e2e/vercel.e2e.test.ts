import { startNpmScript } from '../support/local-server.ts';
import { defineEndToEndSuite } from './end-to-end-suite.ts';

defineEndToEndSuite('npm run start:vercel', /Vercel Edge runtime listening on/, (env) => startNpmScript('start:vercel', env));
