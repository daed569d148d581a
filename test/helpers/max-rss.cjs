'use strict';
// Preloaded (node --require) into a child process whose memory and time a
// test bounds: on exit it writes the process's peak resident set size and the
// CPU time it used on stderr, as "hull-max-rss-kib N cpu-ms M", for the test to
// check (CPU time, unlike wall time, does not grow when the machine is shared).
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const ms = Math.round((cpu.user + cpu.system) / 1000);
  require('node:fs').writeSync(2, `\nhull-max-rss-kib ${process.resourceUsage().maxRSS} cpu-ms ${ms}\n`);
});
