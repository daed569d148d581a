#!/usr/bin/env node
// Builds dist/hull.cjs, the CLI bin/hull.cjs runs, with a smaller bundle for each
// of the commands users wait for at the prompt, each with its V8 code cache
// (D55), and dist/transpile-worker.cjs, the server's worker threads.
//
// Why one CommonJS bundle (docs/decisions.md D1): `hull --help` should cost
// little more than starting node. Node 20 pays for its ES-module loader and
// for resolving every file; one CommonJS file pays for neither. esbuild keeps
// each subcommand's module behind a lazy initialiser, and npm packages stay
// external `require`s, so `hull --help` evaluates no system and loads no
// package.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// commander and yaml are bundled: the commands need them, and one file
// loads faster than their many (yaml: 72). Every other dependency stays an
// external `require`, loaded only by the command that uses it (and native
// ones cannot be bundled anyway).
const BUNDLED = new Set(['commander', 'yaml']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));
// commander requires node:child_process at load only to spawn the
// executables of "executable subcommands", which Hull has none of; that
// module (with net, dgram and the streams behind it) is a cost every command
// would pay at start-up (D55). Its require from commander gets a stand-in
// that loads the real module when spawn is first called.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};
const common = {
  plugins: [lazyChildProcess],
  absWorkingDir: root,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() of a package or a node: module becomes a require in a promise:
  // bin/hull.cjs compiles the bundle through vm.Script, where a real import()
  // needs vm's default-loader option (Node >= 20.12, and an
  // ExperimentalWarning at each use; D55).
  supported: { 'dynamic-import': false },
  external,
  // Modules that find files beside themselves use import.meta.url; in the
  // bundle that is the bundle's own URL.
  define: { 'import.meta.url': '__hull_bundle_url' },
  banner: { js: "const __hull_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  write: false,
};
// dist/hull.cjs holds every command. A second entry, dist/transpile-worker.cjs:
// the worker threads of `hull serve` (POST /api/v1/transpile) load it, found
// beside dist/hull.cjs (src/adapters/node/transpile-pool.ts). A third,
// dist/invoked-command.cjs, tells bin/hull.cjs which command is invoked.
const full = build({
  ...common,
  // Without whitespace and comments, as the commands' own bundles below.
  minifyWhitespace: true,
  entryPoints: {
    hull: 'src/cli/main.ts',
    'transpile-worker': 'src/adapters/node/transpile-worker.ts',
    'invoked-command': 'src/cli/invoked-command.ts',
  },
});
// The commands a user runs at the prompt and waits for have a bundle of their
// own, dist/hull-NAME.cjs (docs/decisions.md D55): the same CLI whose registry
// holds only that command and `version` (main runs `version` for -V); the
// others' modules are left out, and bin/hull.cjs runs this bundle only when
// the arguments invoke NAME (main's own invokedCommandName says so).
const OWN_BUNDLE = ['ct', 'butane', 'ignition', 'transpile', 'provision'];
const onlyCommand = (name) => ({
  name: 'only-command',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      if (!args.importer.endsWith(join('src', 'cli', 'registry.ts'))) return undefined;
      const command = /([a-z-]+)\.js$/.exec(args.path)[1];
      return command === name || command === 'version' ? undefined : { path: command, namespace: 'absent-command' };
    });
    b.onLoad({ filter: /.*/, namespace: 'absent-command' }, (args) => ({
      contents: `throw new Error("the command '${args.path}' is not in dist/hull-${name}.cjs (bin/hull.cjs chose it for another command)");`,
      loader: 'js',
    }));
  },
});
// Without whitespace and comments (a third smaller: less to read at each
// start); names are kept, so a stack trace (HULL_DEBUG=1) still names functions.
const own = OWN_BUNDLE.map((name) =>
  build({
    ...common,
    minifyWhitespace: true,
    entryPoints: { [`hull-${name}`]: 'src/cli/main.ts' },
    plugins: [lazyChildProcess, onlyCommand(name)],
  }),
);
const outputFiles = (await Promise.all([full, ...own])).flatMap((r) => r.outputFiles);
// Replace dist/ atomically, file by file: a build can run while hull is in
// use (npm runs `prepare` when `npx hull` links the package, possibly while
// another test process runs the CLI), so dist/hull.cjs must never be missing
// or half-written.
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const produced = new Set();
for (const file of outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  // A CLI bundle begins with its build line (a hash of the rest): its code
  // cache carries the same line, and bin/hull.cjs uses a cache only with it.
  if (/^hull(-[a-z]+)?\.cjs$/.test(basename(file.path)) && file.text.includes('import(')) {
    throw new Error(`build: ${basename(file.path)} holds an import(), which bin/hull.cjs's vm.Script cannot run (D55)`);
  }
  // V8 holds a source with one character past Latin-1 as a two-byte string:
  // reading, hashing and compiling a CLI bundle then cost about twice (D55).
  // esbuild escapes strings and templates, not regular expressions: write
  // such a character there as \uXXXX.
  const wide = /[^\x00-\x7f]/.exec(file.text);
  if (wide !== null) {
    throw new Error(
      `build: ${basename(file.path)} holds the non-ASCII character U+${wide[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0')} in ${JSON.stringify(file.text.slice(Math.max(0, wide.index - 40), wide.index + 20))}; escape it in the source (\\uXXXX)`,
    );
  }
  const tag = /^hull(-[a-z]+)?\.cjs$/.test(basename(file.path))
    ? `// hull-build ${createHash('sha256').update(file.contents).digest('hex').slice(0, 16)}\n`
    : '';
  writeFileSync(tmp, Buffer.concat([Buffer.from(tag), file.contents]));
  renameSync(tmp, file.path);
  produced.add(basename(file.path));
}
// The V8 code cache of each CLI bundle (docs/decisions.md D55), made by
// running its command once in a fresh node without flags
// (scripts/code-cache.cjs); dist/hull.cjs's from --help.
for (const name of ['hull', ...OWN_BUNDLE]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'code-cache.cjs'), name], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`build: the code cache of '${name}' failed (exit ${r.status ?? r.signal})`);
  produced.add(name === 'hull' ? 'hull.cjs.cache' : `hull-${name}.cjs.cache`);
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
  await vite.build({
    configFile: join(root, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: tmp, emptyOutDir: true },
  });
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
