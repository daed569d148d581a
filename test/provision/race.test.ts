import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

// Issue 11: a directory of the target replaced by a symlink to a host
// directory while provisioning runs must never let a write, owner or mode
// change reach the host. race-rounds.ts runs the rounds in a private mount
// namespace and reports each one; here every round is checked.

const ROUNDS = 20;
const FILES = 1000;
const SCRIPT = fileURLToPath(new URL('./race-rounds.ts', import.meta.url));

interface Round {
  pattern: string;
  round: number;
  ok: boolean;
  error: string;
  swaps: number;
  swappedDuringRun: boolean;
  ms: number;
  changed: string[];
  changedCount: number;
}

test(`swapping /race/dir for a host symlink (once, and toggling; ${ROUNDS} rounds each of ${FILES} files) never changes the host`, {
  timeout: 180_000,
}, () => {
  if (!existsSync('/usr/bin/unshare'))
    throw new Error('missing /usr/bin/unshare: run scripts/setup-system (installs util-linux)');
  if (process.getuid?.() !== 0) throw new Error('the race test uses a private mount namespace: run it as root');
  const scratch = mkdtempSync(join(tmpdir(), 'hull-race-'));
  try {
    const r = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        process.execPath,
        '--import',
        'tsx',
        SCRIPT,
        scratch,
        String(ROUNDS),
        String(FILES),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        timeout: 170_000,
      },
    );
    assert.equal(r.status, 0, `the namespace run failed (${r.status} ${r.signal ?? ''}): ${r.stderr.slice(-3000)}`);
    const rounds = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Round);
    for (const pattern of ['once', 'toggle']) {
      const mine = rounds.filter((x) => x.pattern === pattern);
      assert.equal(mine.length, ROUNDS, `${pattern}: every round reported`);
      const escaped = mine.filter((x) => x.changedCount > 0);
      assert.deepEqual(
        escaped.map(
          (x) => `round ${x.round}: ${x.changedCount} host changes, e.g. ${x.changed.slice(0, 3).join(' | ')}`,
        ),
        [],
        `${pattern}: the host directory changed`,
      );
      // The race really happened: the swap came while the engine was still writing.
      const raced = mine.filter((x) => x.swappedDuringRun).length;
      assert.ok(raced >= ROUNDS / 2, `${pattern}: only ${raced} of ${ROUNDS} rounds swapped during the run`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
