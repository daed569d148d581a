// Preloaded into a hull child (node -r) by test/disk/huge-table.test.ts: on
// exit, writes the process's CPU time (user + system, microseconds) to the
// file named by HULL_TEST_CPU_FILE, so a test can bound the work done
// independently of how loaded the machine is.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const u = process.cpuUsage();
  fs.writeFileSync(process.env.HULL_TEST_CPU_FILE, String(u.user + u.system));
});
