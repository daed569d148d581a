import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HULL_BIN, runHull } from '../helpers/hull.js';
import { tool } from './tools.js';

// `hull disk create` formats EFI-SYSTEM (partition 1) as a FAT labelled
// EFI-SYSTEM with the folder flatcar/ (update_engine's /boot/flatcar), and
// writes nothing outside partition 1 but the GPT; `--no-format` leaves a bare table.
const dir = mkdtempSync(join(tmpdir(), 'hull-efi-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MTOOLS_ENV = { ...process.env, MTOOLS_SKIP_CHECK: '1' };

function run(
  cmd: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(env ? { env } : {}) });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(`${cmd} is not installed: run scripts/setup-system (installs Debian's dosfstools and mtools)`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Part {
  number: number;
  label: string;
  typeGuid: string;
  guid: string;
  firstLba: number;
  lastLba: number;
  attributes: string;
}
const show = (path: string): { sectorSize: number; diskGuid: string; partitions: Part[] } => {
  const r = runHull(['-o', 'json', 'disk', 'show', path]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).result;
};

/** Digests of the 16 MiB chunks of [start, end): "0" for an all-zero chunk (sparse images read fast; only data is hashed). */
function chunks(path: string, start: number, end: number): string[] {
  const fd = openSync(path, 'r');
  const size = 16 * 1024 * 1024;
  const buf = Buffer.alloc(size);
  const zero = Buffer.alloc(size);
  const out: string[] = [];
  try {
    for (let at = start; at < end; at += size) {
      const n = readSync(fd, buf, 0, Math.min(size, end - at), at);
      const b = buf.subarray(0, n);
      out.push(b.equals(zero.subarray(0, n)) ? '0' : createHash('sha256').update(b).digest('hex'));
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

function extract(image: string, p: Part, ss: number, name: string): string {
  const out = join(dir, name);
  const mib = 1024 * 1024;
  const r = spawnSync('dd', [
    `if=${image}`,
    `of=${out}`,
    'bs=1M',
    `skip=${(p.firstLba * ss) / mib}`,
    `count=${((p.lastLba - p.firstLba + 1) * ss) / mib}`,
    'conv=sparse',
    'status=none',
  ]);
  assert.equal(r.status, 0);
  return out;
}

const made: Record<string, { image: string; bare: string }> = {};
before(() => {
  for (const ss of ['512', '4096']) {
    const image = join(dir, `f${ss}.img`);
    const bare = join(dir, `b${ss}.img`);
    const f = runHull(['disk', 'create', image, '--size', '8GiB', '--sector-size', ss]);
    assert.equal(f.status, 0, f.stderr);
    assert.match(f.stdout, /EFI-SYSTEM: FAT with flatcar\//);
    const b = runHull(['-o', 'json', 'disk', 'create', bare, '--size', '8GiB', '--sector-size', ss, '--no-format']);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(JSON.parse(b.stdout).result.efi, null);
    made[ss] = { image, bare };
  }
});

for (const ss of [512, 4096]) {
  test(`${ss}-byte sectors: EFI-SYSTEM is a FAT that fsck.vfat -n finds clean, labelled EFI-SYSTEM, with flatcar/, sectors of ${ss} bytes`, () => {
    const { image } = made[String(ss)]!;
    const t = show(image);
    const p1 = t.partitions.find((p) => p.number === 1)!;
    const efi = extract(image, p1, ss, `efi${ss}.part`);
    const fsck = run('fsck.vfat', ['-n', efi]);
    assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
    assert.doesNotMatch(fsck.stdout, /Warning/);
    const top = run('mdir', ['-i', efi, '::/'], MTOOLS_ENV);
    assert.equal(top.status, 0, top.stderr);
    assert.match(top.stdout, /Volume in drive : is EFI-SYSTEM/);
    assert.match(top.stdout, /^flatcar\s+<DIR>/m);
    // the folder is reachable in place, at the partition's byte offset, as update_engine's kernel path needs
    assert.equal(run('mdir', ['-i', `${image}@@${p1.firstLba * ss}`, '::/flatcar'], MTOOLS_ENV).status, 0);
    const info = run('minfo', ['-i', efi, '::'], MTOOLS_ENV).stdout;
    assert.match(info, /disk label="EFI-SYSTEM "/);
    assert.match(info, /disk type="FAT32   "/);
    assert.match(info, new RegExp(`sector size: ${ss} bytes`));
    assert.match(info, new RegExp(`hidden sectors: ${p1.firstLba}\\b`));
    // and Hull's own signature check (provision's) sees a FAT there; a bare image's EFI-SYSTEM shows none
    assert.match(runHull(['disk', 'show', image]).stdout, /^ {2}1 {2}EFI-SYSTEM .* EFI system, vfat$/m);
    assert.match(runHull(['disk', 'show', made[String(ss)]!.bare]).stdout, /^ {2}1 {2}EFI-SYSTEM .* EFI system$/m);
  });

  test(`${ss}-byte sectors: the GPT is the one a bare image gets, and nothing outside partition 1 differs from a --no-format image`, () => {
    const { image, bare } = made[String(ss)]!;
    const f = show(image);
    const b = show(bare);
    const noGuids = (t: typeof f) => t.partitions.map(({ guid: _g, ...rest }) => rest);
    assert.deepEqual(noGuids(f), noGuids(b));
    assert.equal(f.diskGuid, b.diskGuid);
    if (ss === 512) {
      const v = tool('sgdisk', ['-v', image]); // sgdisk reads 512-byte sectors from an image file
      assert.equal(v.status, 0, v.stderr);
      assert.match(v.stdout, /No problems found/);
    }
    assert.equal(runHull(['disk', 'verify', image]).status, 0);
    const size = statSync(image).size;
    assert.equal(size, statSync(bare).size);
    const p1 = f.partitions.find((p) => p.number === 1)!;
    const start = p1.firstLba * ss;
    const end = (p1.lastLba + 1) * ss;
    const gptSectors = 2 + (128 * 128) / ss; // MBR + header + entry array; the backup: entries + header at the end
    // LBA 0 (the protective MBR) byte for byte; the table areas hold random partition GUIDs, compared above as fields
    assert.deepEqual(chunks(image, 0, ss), chunks(bare, 0, ss));
    assert.deepEqual(chunks(image, gptSectors * ss, start), chunks(bare, gptSectors * ss, start));
    // right after partition 1 (BIOS-BOOT, the start of USR-A) byte for byte with the bare image
    const after1 = end + 64 * 1024 * 1024;
    assert.deepEqual(chunks(image, end, after1), chunks(bare, end, after1));
    // and up to the backup table nothing but zeros, as in a bare image (read once, for one sector size: 7 GiB of holes)
    if (ss === 512)
      assert.ok(
        chunks(image, after1, size - (gptSectors - 1) * ss).every((c) => c === '0'),
        'between partition 1 and the backup table: only zeros',
      );
    // and partition 1 holds the FAT in the formatted image, nothing in the bare one
    assert.ok(chunks(bare, start, end).every((c) => c === '0'));
    assert.ok(chunks(image, start, start + 16 * 1024 * 1024).some((c) => c !== '0'));
  });
}

test('a failure of the formatting tools leaves no file (mmd replaced by false in a private mount namespace); an existing file is still refused first', () => {
  const img = join(dir, 'fail.img');
  const script = 'mount --bind /bin/false /usr/bin/mmd && exec "$0" "$@"';
  const r = spawnSync(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      process.execPath,
      HULL_BIN,
      'disk',
      'create',
      img,
      '--size',
      '8GiB',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.error, undefined, 'unshare (util-linux) is needed');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /PROVISION_TOOL_FAILED: mmd exited with 1/);
  assert.equal(existsSync(img), false);
  const kept = join(dir, 'kept.img');
  writeFileSync(kept, 'mine');
  const again = runHull(['disk', 'create', kept, '--size', '8GiB']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /OUTPUT_EXISTS/);
  assert.equal(statSync(kept).size, 4);
});

test('provision --image over a disk create image: a config that makes EFI-SYSTEM meets the FAT (PROVISION_FILESYSTEM_EXISTS); with wipeFilesystem the new FAT keeps flatcar/', () => {
  const img = join(dir, 'prov.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  const fs = (wipe: boolean) => ({
    ignition: { version: '3.3.0' },
    storage: {
      filesystems: [
        {
          device: '/dev/disk/by-partlabel/EFI-SYSTEM',
          format: 'vfat',
          path: '/boot',
          label: 'EFI-SYSTEM',
          ...(wipe ? { wipeFilesystem: true } : {}),
        },
      ],
      files: [{ path: '/boot/grub/grub.cfg', contents: { source: 'data:,set%20timeout%3D1%0A' } }],
    },
  });
  writeFileSync(join(dir, 'keep.ign'), JSON.stringify(fs(false)));
  writeFileSync(join(dir, 'wipe.ign'), JSON.stringify(fs(true)));
  const refused = runHull(['provision', '--image', img, join(dir, 'keep.ign')]);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(
    refused.stdout + refused.stderr,
    /stage filesystems: failed: .*partition 1 \(\/dev\/disk\/by-partlabel\/EFI-SYSTEM\) holds a vfat filesystem/,
  );
  const ok = runHull(['provision', '--image', img, join(dir, 'wipe.ign')]);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  const at = `${img}@@${show(img).partitions.find((p) => p.number === 1)!.firstLba * 512}`;
  const top = run('mdir', ['-i', at, '::/'], MTOOLS_ENV).stdout;
  assert.match(top, /^flatcar\s+<DIR>/m);
  assert.match(top, /^grub\s+<DIR>/m);
});
