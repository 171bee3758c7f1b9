import { startNpmScript } from '../support/local-server.ts';
import { defineEndToEndSuite } from './end-to-end-suite.ts';

defineEndToEndSuite('npm run start:netlify', /Netlify edge function listening on/, (env) => startNpmScript('start:netlify', env));
