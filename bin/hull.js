#!/usr/bin/env node
// The `hull` command. It runs the compiled CLI in dist/ (built by `npm install`
// through the prepare script, or `npm run build`), so start-up pays for no
// TypeScript compiler.
import('../dist/cli/main.js').then(
  (cli) => cli.run(process.argv.slice(2)),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
      process.stderr.write('hull: not built yet: run `npm run build` (npm install does it too)\n');
      process.exitCode = 3;
    } else {
      throw err;
    }
  },
);
