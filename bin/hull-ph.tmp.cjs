#!/usr/bin/env node
'use strict';
// The `hull` command: runs dist/hull.cjs, which `npm install` builds through
// the prepare script (or `npm run build`). See docs/decisions.md D1 and D55.
//
// Start-up (D55): the bundle is compiled with V8's code cache that the build
// made for the command invoked (dist/hull.cjs.<command>.cache: the bytecode
// of every function that command ran once), so V8 neither parses the bundle
// nor compiles those functions again. A cache of another build (its first
// line names the bundle's hash), of another V8 or of other V8 flags is not
// used: the bundle is then compiled as any script is, only slower.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const __T=[['start',performance.now()]];process.on('exit',()=>{__T.push(['exit',performance.now()]);if(process.env.PH)require('fs').appendFileSync(process.env.PH,JSON.stringify(__T)+'\n')});
const BUILD_TAG = '// hull-build ';

/** The command's word in `argv` (`hull -o json ct …` → ct): only picks a cache, so a wrong guess costs time, never behaviour. */
function cacheName(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-o' || arg === '--output') i++;
    else if (arg === '--') break;
    else if (!arg.startsWith('-')) return /^[a-z]+$/.test(arg) ? arg : 'hull';
  }
  return 'hull';
}

/** Loads dist/hull.cjs as require would (one module, in require.cache), compiled with the first of `cacheFiles` that exists, if it fits. */
function loadBundle(file, cacheFiles = []) {
  const vm = require('node:vm');
  // Dynamic import() from a vm.Script needs Node's default loader (Node >= 20.12); older: plain require.
  const importer = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (importer === undefined) return { exports: require(file), script: undefined };
  const source = readFileSync(file, 'utf8');
  let cachedData;
  if (source.startsWith(BUILD_TAG)) {
    const tag = source.slice(0, source.indexOf('\n') + 1);
    for (const name of cacheFiles) {
      try {
        const data = readFileSync(name);
        if (data.latin1Slice(0, tag.length) === tag) cachedData = data.subarray(tag.length);
        break;
      } catch {
        // no cache for this command: the next one, or compile as usual
      }
    }
  }
  __T.push(['read',performance.now()]);const Module = require('node:module');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: importer });
  __T.push(['compiled',performance.now()]);const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  __T.push(['ran',performance.now()]);mod.loaded = true;
  return { exports: mod.exports, script };
}

module.exports = { cacheName, loadBundle };

if (require.main === module) {
  const file = join(__dirname, '..', 'dist', 'hull.cjs');
  const argv = process.argv.slice(2);
  let cli;
  try {
    cli = loadBundle(file, [`${file}.${cacheName(argv)}.cache`, `${file}.hull.cache`]).exports;
  } catch (err) {
    if (err && err.code === 'ENOENT' && err.path === file || err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/hull.cjs')) {
      process.stderr.write('hull: not built yet: run `npm run build` (npm install does it too)\n');
      process.exit(3);
    }
    throw err;
  }
  cli.run(argv);
}
