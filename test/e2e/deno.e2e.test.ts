import { startNpmScript } from '../support/local-server.ts';
import { defineEndToEndSuite } from './end-to-end-suite.ts';

defineEndToEndSuite('npm run start:deno', /Listening on http:\/\/0\.0\.0\.0:/, (env) => startNpmScript('start:deno', env));
