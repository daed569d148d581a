#!/usr/bin/env node
'use strict';
// The `hull` command: runs the CLI bundle in dist/, which `npm install` builds
// through the prepare script (or `npm run build`). See docs/decisions.md D1
// and D55.
//
// Start-up (D55): the commands a user waits for at the prompt (ct, butane,
// ignition, transpile) have a bundle of their own, dist/hull-NAME.cjs,
// holding only their code; every other call runs dist/hull.cjs, which holds
// all. dist/invoked-command.cjs (main's own function, nothing else) says
// which command the arguments invoke. Each bundle is compiled with the V8
// code cache the build made beside it (BUNDLE.cache: the bytecode of every
// function the command ran once), so V8 neither parses the bundle nor
// compiles those functions again. A cache made for another bundle (its first
// line is the bundle's build line), another V8 or other V8 flags is not used:
// the bundle is then compiled as any script is, only slower.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const BUILD_TAG = '// hull-build ';

/**
 * Loads a CLI bundle as require would (one module, in require.cache),
 * compiled with its code cache when that fits. `cache` says which happened:
 * 'used', 'rejected' (V8 refused it: another V8 or other flags), 'stale'
 * (made for another build), 'none' (no cache file). The bundles hold no
 * import() (scripts/build.mjs), which a vm.Script could not run without
 * vm's experimental default-loader option.
 */
function loadBundle(file) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  let cache = 'none';
  try {
    const data = readFileSync(`${file}.cache`);
    const tag = source.startsWith(BUILD_TAG) ? source.slice(0, source.indexOf('\n') + 1) : undefined;
    if (tag !== undefined && data.latin1Slice(0, tag.length) === tag) cachedData = data.subarray(tag.length);
    else cache = 'stale';
  } catch {
    // no cache: compile as usual
  }
  const Module = require('node:module');
  const script = new (require('node:vm').Script)(Module.wrap(source), { filename: file, cachedData });
  if (cachedData !== undefined) cache = script.cachedDataRejected ? 'rejected' : 'used';
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  mod.loaded = true;
  return { exports: mod.exports, script, cache };
}

/** The bundle for `argv`: the invoked command's own when it has one, else dist/hull.cjs. */
function bundleFor(dist, argv) {
  // Compiled here rather than required: require would look up package.json first.
  const file = join(dist, 'invoked-command.cjs');
  const mod = { exports: {} };
  require('node:vm').runInThisContext(require('node:module').wrap(readFileSync(file, 'utf8')), { filename: file })(mod.exports, require, mod, file, dist);
  const name = mod.exports.invokedCommandName(argv);
  if (name !== undefined && /^[a-z]+$/.test(name)) {
    const own = join(dist, `hull-${name}.cjs`);
    if (existsSync(own)) return own;
  }
  return join(dist, 'hull.cjs');
}

module.exports = { bundleFor, loadBundle };

if (require.main === module) {
  const dist = join(__dirname, '..', 'dist');
  const argv = process.argv.slice(2);
  let cli;
  try {
    cli = loadBundle(bundleFor(dist, argv)).exports;
  } catch (err) {
    if (err && (err.code === 'ENOENT' || err.code === 'MODULE_NOT_FOUND') && String(err.path || err.message).includes('dist')) {
      process.stderr.write('hull: not built yet: run `npm run build` (npm install does it too)\n');
      process.exit(3);
    }
    throw err;
  }
  cli.run(argv);
}
