// `npm start`: the Node server run from one bundled file, built here at the first start and again
// whenever a source file is newer (a bundle starts in less memory than the TypeScript sources loaded
// through tsx: see docs/benchmarks.md). The build runs in a child process, so that esbuild is not
// kept in the server's memory. Without esbuild, the sources run through tsx as before.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'node_modules/.cache/gemini-balance-lite/node-server.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    return statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs);
  } catch {
    return false;
  }
}

function build() {
  mkdirSync(dirname(bundle), { recursive: true });
  // Written beside and renamed into place: servers started at the same moment never read half a file.
  const partial = `${bundle}.${process.pid}.tmp`;
  const script = `require('esbuild').buildSync({ entryPoints: [${JSON.stringify(join(root, 'src/node_index.ts'))}], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: ${JSON.stringify(partial)}, logLevel: 'error' })`;
  execFileSync(process.execPath, ['-e', script], { cwd: root, stdio: 'inherit' });
  renameSync(partial, bundle);
}

let entry = bundle;
if (!isFresh()) {
  try {
    build();
  } catch (error) {
    console.error(`Could not bundle the server (${error instanceof Error ? error.message.split('\n')[0] : error}); running the sources through tsx.`);
    entry = undefined;
  }
}
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/node_index.ts')).href);
}
