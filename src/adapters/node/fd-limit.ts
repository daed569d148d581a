/**
 * The process's open-file limit (RLIMIT_NOFILE, soft), which Node does not
 * expose: read from /proc/self/limits on Linux, else from `ulimit -n` in a
 * shell (a child inherits the limit). Undefined when neither answers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const parse = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (s === 'unlimited') return Number.POSITIVE_INFINITY;
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    const n = parse(m?.[1]);
    if (n !== undefined) return n;
  } catch {
    // not Linux, or /proc not mounted
  }
  try {
    return parse(
      execFileSync('/bin/sh', ['-c', 'ulimit -n'], {
        encoding: 'utf8',
        timeout: 2000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  } catch {
    return undefined;
  }
}
