import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runHull } from '../helpers/hull.js';

// The raw block device adapter, through a loop device. Needs root (losetup); skipped otherwise.
const root = process.getuid?.() === 0;

test('hull disk works on a raw block device (loop device over an image)', { skip: root ? false : 'needs root for losetup' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-loop-'));
  const img = join(dir, 'l.img');
  try {
    assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
    const lo = spawnSync('losetup', ['-f', '--show', img], { encoding: 'utf8' });
    if (lo.status !== 0) {
      t.skip(`losetup is not usable here: ${lo.stderr.trim()}`);
      return;
    }
    const dev = lo.stdout.trim();
    try {
      const shown = JSON.parse(runHull(['-o', 'json', 'disk', 'show', dev]).stdout) as { partitions: unknown[] };
      assert.equal(shown.partitions.length, 7);
      assert.equal(runHull(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', dev]).status, 0);
    } finally {
      spawnSync('losetup', ['-d', dev]);
    }
    const p4 = (JSON.parse(runHull(['-o', 'json', 'disk', 'show', img]).stdout) as { partitions: { number: number; attributes: string }[] }).partitions.find((p) => p.number === 4)!;
    assert.equal(p4.attributes, '0x0012000000000000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
