#!/usr/bin/env node
// Builds dist/hull.cjs, the one file bin/hull.cjs runs (and dist/transpile-worker.cjs, its worker threads).
//
// Why one CommonJS bundle (docs/decisions.md D1): `hull --help` should cost
// little more than starting node. Node 20 pays for its ES-module loader and
// for resolving every file; one CommonJS file pays for neither. esbuild keeps
// each subcommand's module behind a lazy initialiser, and npm packages stay
// external `require`s, so `hull --help` evaluates no system and loads no
// package.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// commander is bundled: every command needs it, and one file loads faster
// than its six. Every other dependency stays an external require, loaded only
// by the command that uses it (and native ones cannot be bundled anyway).
const BUNDLED = new Set(['commander']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));
// A second entry, dist/transpile-worker.cjs: the worker threads of `hull
// serve` (POST /api/v1/transpile) load it, found beside dist/hull.cjs
// (src/adapters/node/transpile-pool.ts).
const result = await build({
  absWorkingDir: root,
  entryPoints: { hull: 'src/cli/main.ts', 'transpile-worker': 'src/adapters/node/transpile-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  // Modules that find files beside themselves use import.meta.url; in the
  // bundle that is the bundle's own URL.
  define: { 'import.meta.url': '__hull_bundle_url' },
  banner: { js: "const __hull_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  write: false,
});
// Replace dist/ atomically, file by file: a build can run while hull is in
// use (npm runs `prepare` when `npx hull` links the package, possibly while
// another test process runs the CLI), so dist/hull.cjs must never be missing
// or half-written.
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const produced = new Set();
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
  produced.add(basename(file.path));
}
// The playground (web/, docs/playground.md, decisions D10): Vite builds it
// into a temporary directory; its files then replace those of dist/web one
// rename at a time, index.html last, and files of older builds go after it,
// so a running `hull serve` (or a test beside a second build, as `npx hull`
// may run `prepare`) never misses index.html or an asset it names. Vite is a
// devDependency: an install without them gets the CLI only, and `hull serve`
// explains at / what is missing.
let vite;
try {
  vite = await import('vite');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  console.warn('build: vite is not installed, so dist/web (the playground) is not built');
}
if (vite !== undefined) {
  const tmp = join(dist, `web.${process.pid}.tmp`);
  const web = join(dist, 'web');
  await vite.build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  // Text files get a gzip copy beside them (FILE.gz); hull serve sends it to
  // browsers that accept gzip (the script shrinks to about a quarter).
  for (const rel of readdirSync(tmp, { recursive: true }).map(String)) {
    const path = join(tmp, rel);
    if (/\.(js|css|html|svg|json)$/.test(rel) && statSync(path).isFile() && statSync(path).size > 1024) {
      writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
    }
  }
  const files = readdirSync(tmp, { recursive: true })
    .map(String)
    .filter((rel) => statSync(join(tmp, rel)).isFile())
    .sort((a, b) => Number(a === 'index.html') - Number(b === 'index.html'));
  for (const rel of files) {
    mkdirSync(dirname(join(web, rel)), { recursive: true });
    renameSync(join(tmp, rel), join(web, rel));
  }
  const fresh = new Set(files);
  for (const rel of readdirSync(web, { recursive: true }).map(String)) {
    const path = join(web, rel);
    if (existsSync(path) && statSync(path).isFile() && !fresh.has(rel)) rmSync(path, { force: true });
  }
  rmSync(tmp, { recursive: true, force: true });
  produced.add('web');
}
for (const name of readdirSync(dist)) {
  if (!produced.has(name) && !name.endsWith('.tmp')) rmSync(join(dist, name), { recursive: true, force: true });
}
