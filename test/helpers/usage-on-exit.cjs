'use strict';
// Preloaded (node --require) into every child that test/helpers/bounded.ts
// runs: as the process exits, writes its peak resident set (getrusage's
// maxRSS, KiB) and CPU time (user + system, µs) as JSON to $HULL_USAGE_FILE.
// Nothing is written when the process dies by a signal or a V8 abort (the
// runner then reports NaN, which fails every bound).
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    writeFileSync(
      process.env.HULL_USAGE_FILE,
      JSON.stringify({ maxRssKiB: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }),
    );
  } catch {
    // nothing to report to
  }
});
