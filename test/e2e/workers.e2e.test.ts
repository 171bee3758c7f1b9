import { startNpmScript } from '../support/local-server.ts';
import { defineEndToEndSuite } from './end-to-end-suite.ts';

defineEndToEndSuite('npm run start:workers', /wrangler \d+\.\d+/, (env) => startNpmScript('start:workers', env));
