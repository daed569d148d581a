#!/usr/bin/env node
'use strict';
// The `hull` command: runs dist/hull.cjs, which `npm install` builds through
// the prepare script (or `npm run build`). See docs/decisions.md D1.
let cli;
try {
  cli = require('../dist/hull.cjs');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/hull.cjs')) {
    process.stderr.write('hull: not built yet: run `npm run build` (npm install does it too)\n');
    process.exit(3);
  }
  throw err;
}
cli.run(process.argv.slice(2));
