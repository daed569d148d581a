// Loaded with `node --require`: when the process exits, writes the file of
// every CommonJS module it loaded (require.cache) to HULL_TRACE_REQUIRES, one
// per line. bin/hull.cjs, dist/hull.cjs and Hull's npm dependencies are all
// CommonJS, so this is the list of what a command loaded.
'use strict';
const { writeFileSync } = require('node:fs');
const out = process.env.HULL_TRACE_REQUIRES;
if (out) process.on('exit', () => writeFileSync(out, Object.keys(require.cache).join('\n') + '\n'));
