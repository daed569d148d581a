import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { tool } from './tools.js';

// The raw block device adapter, through loop devices. losetup needs root: the
// README's machines run the suite as root, so anything else is a failure
// with the reason, not a skip.
const dir = mkdtempSync(join(tmpdir(), 'hull-loop-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function withLoop(img: string, args: readonly string[], f: (dev: string) => void): void {
  assert.equal(process.getuid?.(), 0, 'this test needs root (losetup); run npm test as root as the README says');
  const lo = spawnSync('losetup', ['-f', '--show', ...args, img], { encoding: 'utf8' });
  assert.equal(lo.status, 0, `losetup failed: ${lo.stderr}`);
  const dev = lo.stdout.trim();
  try {
    f(dev);
  } finally {
    spawnSync('losetup', ['-d', dev]);
  }
}

test('hull disk works on a raw block device (loop device over an image)', () => {
  const img = join(dir, 'l.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  withLoop(img, [], (dev) => {
    const shown = JSON.parse(runHull(['-o', 'json', 'disk', 'show', dev]).stdout).result as { partitions: unknown[] };
    assert.equal(shown.partitions.length, 7);
    assert.equal(runHull(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', dev]).status, 0);
  });
  const p4 = (
    JSON.parse(runHull(['-o', 'json', 'disk', 'show', img]).stdout).result as {
      partitions: { number: number; attributes: string }[];
    }
  ).partitions.find((p) => p.number === 4)!;
  assert.equal(p4.attributes, '0x0012000000000000');
});

test('4096-byte logical sectors: sgdisk and cgpt read the table Hull wrote, through a 4096-byte loop device', () => {
  const img = join(dir, 'l4.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB', '--sector-size', '4096']).status, 0);
  withLoop(img, ['-b', '4096'], (dev) => {
    const v = tool('sgdisk', ['-v', dev]);
    assert.match(v.stdout, /No problems found/, v.stdout);
    const shown = JSON.parse(runHull(['-o', 'json', 'disk', 'show', dev]).stdout).result as {
      sectorSize: number;
      partitions: {
        number: number;
        label: string;
        guid: string;
        firstLba: number;
        lastLba: number;
        attributes: string;
      }[];
    };
    assert.equal(shown.sectorSize, 4096);
    for (const p of shown.partitions) {
      const out = tool('sgdisk', ['-i', String(p.number), dev]).stdout;
      assert.match(out, new RegExp(`Partition unique GUID: ${p.guid.toUpperCase()}`));
      assert.match(out, new RegExp(`First sector: ${p.firstLba} `));
      assert.match(out, new RegExp(`Last sector: ${p.lastLba} `));
      assert.match(out, new RegExp(`Attribute flags: ${p.attributes.slice(2).toUpperCase()}`));
      assert.match(out, new RegExp(`Partition name: '${p.label}'`));
    }
    // and the other way round: cgpt writes attribute bits on the 4096-byte device, Hull reads them
    tool('cgpt', ['add', '-i', '4', '-P', '3', '-T', '2', '-S', '0', dev]);
    const again = JSON.parse(runHull(['-o', 'json', 'disk', 'show', dev]).stdout).result as typeof shown;
    assert.equal(again.partitions.find((p) => p.number === 4)!.attributes, '0x0023000000000000');
  });
});
