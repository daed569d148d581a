import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fingerprint } from '../helpers/fingerprint.js';
import { runHull } from '../helpers/hull.js';

// Nothing is destroyed by surprise (docs/provision.md, "Existing filesystems"):
// provision --image refuses to remake a filesystem that exists unless the config
// says wipeFilesystem: true for it or --force is given; every check and the
// users/files/units stages run before the image is first written, and a new
// image gets its name only when the run succeeded.
const TOOLS = ['/usr/sbin/mke2fs', '/usr/sbin/debugfs', '/usr/sbin/mkfs.vfat'];
let work = '';
let image = '';
const parts = new Map<string, { offset: number; size: number }>();
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const cfg = (hostname: string, extra: Record<string, unknown>[] = []) => ({
  ignition: { version: '3.3.0' },
  storage: {
    filesystems: [{ device: '/dev/disk/by-partlabel/OEM', format: 'ext4', path: '/oem', label: 'OEM' }, ...extra],
    files: [
      { path: '/etc/hostname', contents: { source: d(hostname) } },
      { path: '/oem/oem.txt', contents: { source: d(`oem ${hostname}`) } },
    ],
  },
});
const write = (name: string, c: unknown): string => {
  const p = join(work, name);
  writeFileSync(p, JSON.stringify(c));
  return p;
};
const debugfs = (label: string, cmd: string): string => {
  const p = parts.get(label)!;
  return execFileSync('debugfs', ['-R', cmd, `${image}?offset=${p.offset}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
};
// The -o json envelope's result (docs/cli.md): {ok, result: {stages, plan, events}, issues, error}.
const stagesOf = (stdout: string) => {
  const env = JSON.parse(stdout) as {
    ok: boolean;
    result: { stages: { stage: string; status: string; error?: { code: string; message: string } }[] };
  };
  return { ok: env.ok, stages: env.result.stages };
};
/** The image's fingerprint: size, mtime, ctime, its GPT regions and the first 4 MiB of OEM and ROOT. */
const print = () =>
  fingerprint(
    image,
    [...parts.values()].map((p) => [p.offset, 4 * 1024 * 1024] as const),
  );
const leftovers = () => readdirSync(work).filter((n) => n.includes('.hull-new-'));

before(() => {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run scripts/setup-system (e2fsprogs, dosfstools)`);
  work = mkdtempSync(join(tmpdir(), 'hull-prov-nodestroy-'));
  image = join(work, 'disk.img');
  const r = runHull(['provision', '--image', image, '--size', '8GiB', write('first.ign', cfg('first'))]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const t = (JSON.parse(runHull(['-o', 'json', 'disk', 'show', image]).stdout) as { result: unknown }).result as {
    sectorSize: number;
    partitions: { label: string; firstLba: number; lastLba: number }[];
  };
  for (const p of t.partitions)
    if (p.label === 'OEM' || p.label === 'ROOT')
      parts.set(p.label, { offset: p.firstLba * t.sectorSize, size: (p.lastLba - p.firstLba + 1) * t.sectorSize });
});
after(() => rmSync(work, { recursive: true, force: true }));

test('a second run over filesystems that exist is refused (PROVISION_FILESYSTEM_EXISTS, exit 1, naming each); the image is byte-identical; --dry-run says so too', () => {
  const before = print();
  for (const dry of [false, true]) {
    const r = runHull([
      '-o',
      'json',
      'provision',
      '--image',
      image,
      ...(dry ? ['--dry-run'] : []),
      write('second.ign', cfg('second')),
    ]);
    assert.equal(r.status, 1, r.stderr);
    const res = stagesOf(r.stdout);
    assert.equal(res.ok, false);
    const fs = res.stages.find((s) => s.stage === 'filesystems')!;
    assert.equal(fs.status, 'failed');
    assert.equal(fs.error?.code, 'PROVISION_FILESYSTEM_EXISTS');
    assert.match(
      fs.error!.message,
      /partition 6 \(\/dev\/disk\/by-partlabel\/OEM\) holds an ext2\/3\/4 filesystem; partition 9 \(\/dev\/disk\/by-partlabel\/ROOT\) holds an ext2\/3\/4 filesystem; nothing was written/,
    );
    assert.match(
      fs.error!.message,
      /nothing was written \(to remake them and lose their files, set wipeFilesystem: true on them in the config, or give --force\)$/,
    );
    assert.deepEqual(
      res.stages.filter((s) => s.status !== 'skipped').map((s) => s.stage),
      ['fetch', 'filesystems'],
    );
    assert.equal(print(), before, 'the image is untouched');
  }
  assert.equal(debugfs('ROOT', 'cat /etc/hostname'), 'first');
  const text = runHull(['provision', '--image', image, join(work, 'second.ign')]);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^stage filesystems: failed: .*holds an ext2\/3\/4 filesystem/m);
});

test('wipeFilesystem: true on only one of them is still refused for the other; on both, the run proceeds and remakes them', () => {
  const before = print();
  const rootWipe = {
    device: '/dev/disk/by-partlabel/ROOT',
    format: 'ext4',
    path: '/',
    label: 'ROOT',
    wipeFilesystem: true,
  };
  const one = runHull(['-o', 'json', 'provision', '--image', image, write('one.ign', cfg('one', [rootWipe]))]);
  assert.equal(one.status, 1);
  const msg = stagesOf(one.stdout).stages.find((s) => s.stage === 'filesystems')!.error!.message;
  assert.match(msg, /partition 6 /);
  assert.doesNotMatch(msg, /partition 9 /);
  assert.equal(print(), before);
  const both = cfg('wiped', [rootWipe]);
  (both.storage.filesystems[0] as Record<string, unknown>)['wipeFilesystem'] = true;
  const r = runHull(['provision', '--image', image, write('both.ign', both)]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(debugfs('ROOT', 'cat /etc/hostname'), 'wiped');
  assert.equal(debugfs('OEM', 'cat /oem.txt'), 'oem wiped');
});

test('--force remakes the filesystems that exist; --force with --root is a usage error', () => {
  const r = runHull(['provision', '--image', image, '--force', join(work, 'second.ign')]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(debugfs('ROOT', 'cat /etc/hostname'), 'second');
  assert.equal(debugfs('OEM', 'cat /oem.txt'), 'oem second');
  const u = runHull(['provision', '--root', work, '--force', join(work, 'second.ign')]);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /USAGE: --force is for --image/);
});

test('a run on an existing image that fails in the files stage leaves the image byte-identical (nothing is written before it)', () => {
  const before = print();
  const c = cfg('never');
  (c.storage.files as Record<string, unknown>[]).push({
    path: '/etc/owned',
    user: { name: 'nosuchuser' },
    contents: { source: d('x') },
  });
  const r = runHull(['-o', 'json', 'provision', '--image', image, '--force', write('fails.ign', c)]);
  assert.equal(r.status, 1);
  assert.deepEqual(
    stagesOf(r.stdout).stages.map((s) => `${s.stage}:${s.status}`),
    ['fetch:ok', 'users:ok', 'files:failed', 'units:skipped', 'disks:skipped', 'filesystems:skipped'],
  );
  assert.equal(print(), before);
  assert.equal(debugfs('ROOT', 'cat /etc/hostname'), 'second');
});

test('a failed run on a new image leaves no file: neither when the files stage fails nor when a late mkfs fails after the table was written', () => {
  const early = join(work, 'early.img');
  const c = cfg('x');
  (c.storage.files as Record<string, unknown>[]).push({
    path: '/etc/owned',
    user: { name: 'nosuchuser' },
    contents: { source: d('x') },
  });
  const r1 = runHull(['provision', '--image', early, '--size', '8GiB', write('early.ign', c)]);
  assert.equal(r1.status, 1);
  assert.equal(existsSync(early), false);
  // xfs on the 64 MiB OEM-CONFIG: mkfs.xfs refuses a filesystem under 300 MiB (or is not installed): the filesystems stage fails.
  const late = join(work, 'late.img');
  const lateCfg = {
    ignition: { version: '3.3.0' },
    storage: {
      filesystems: [{ device: '/dev/disk/by-partlabel/OEM-CONFIG', format: 'xfs', path: '/x' }],
      files: [{ path: '/x/a', contents: { source: d('a') } }],
    },
  };
  const r2 = runHull(['-o', 'json', 'provision', '--image', late, '--size', '8GiB', write('late.ign', lateCfg)]);
  assert.equal(r2.status, 1);
  assert.deepEqual(
    stagesOf(r2.stdout).stages.map((s) => `${s.stage}:${s.status}`),
    ['fetch:ok', 'users:ok', 'files:ok', 'units:ok', 'disks:ok', 'filesystems:failed'],
  );
  assert.equal(existsSync(late), false);
  assert.deepEqual(leftovers(), [], 'no temporary image is left beside it');
});
