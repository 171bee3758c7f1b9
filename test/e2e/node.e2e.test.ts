import { startNpmScript } from '../support/local-server.ts';
import { defineEndToEndSuite } from './end-to-end-suite.ts';

defineEndToEndSuite('npm start (Node)', /gemini-balance-lite listening on/, (env) => startNpmScript('start', env));
