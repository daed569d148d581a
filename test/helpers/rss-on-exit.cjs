'use strict';
// Preloaded into a `hull` child by test/helpers/bounded.ts: at exit, writes the
// process's peak resident set (KiB) and CPU time (µs) to $HULL_USAGE_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    writeFileSync(process.env.HULL_USAGE_FILE, JSON.stringify({ maxRssKiB: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
  } catch {
    // nothing to report to
  }
});
