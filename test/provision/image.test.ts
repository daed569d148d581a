import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

// `hull provision --image`: a new 8 GiB sparse image with the Flatcar layout, the
// config baked in offline; checked with e2fsck -fn, fsck.vfat -n, debugfs and mtools.
const TOOLS = [
  '/usr/sbin/mke2fs',
  '/usr/sbin/e2fsck',
  '/usr/sbin/debugfs',
  '/usr/sbin/mkfs.vfat',
  '/usr/sbin/fsck.vfat',
  '/usr/bin/mcopy',
  '/usr/bin/mdir',
  '/usr/bin/mtype',
  '/usr/sbin/mkswap',
];
let work = '';
let image = '';
let result: { status: number | null; stdout: string; stderr: string };
const parts = new Map<string, { offset: number; size: number }>();

const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const config = {
  ignition: { version: '3.3.0' },
  storage: {
    filesystems: [
      { device: '/dev/disk/by-partlabel/EFI-SYSTEM', format: 'vfat', path: '/boot', label: 'EFI-SYSTEM' },
      { device: '/dev/disk/by-partlabel/OEM', format: 'ext4', path: '/oem', label: 'OEM' },
      { device: '/dev/disk/by-partlabel/OEM-CONFIG', format: 'swap', label: 'SWAP' },
    ],
    files: [
      { path: '/etc/hostname', mode: 0o644, contents: { source: d('node1\n') } },
      { path: '/etc/secret', mode: 0o600, user: { id: 500 }, group: { id: 501 }, contents: { source: d('s3cret') } },
      { path: '/boot/grub/grub.cfg', contents: { source: d('set timeout=1\n') } },
      { path: '/oem/oem.txt', mode: 0o640, contents: { source: d('oem\n') } },
    ],
    links: [{ path: '/etc/localtime', target: '../usr/share/zoneinfo/UTC' }],
  },
  systemd: {
    units: [
      {
        name: 'a.service',
        enabled: true,
        contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
      },
    ],
  },
};

function extract(name: string): string {
  const p = parts.get(name)!;
  const out = join(work, `${name}.part`);
  execFileSync('dd', [
    `if=${image}`,
    `of=${out}`,
    'bs=1M',
    `skip=${p.offset / 1048576}`,
    `count=${Math.ceil(p.size / 1048576)}`,
    'conv=sparse',
    'status=none',
  ]);
  return out;
}

before(() => {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.join(', ')}: run scripts/setup-system (e2fsprogs, dosfstools, mtools, util-linux)`,
    );
  work = mkdtempSync(join(tmpdir(), 'hull-prov-image-'));
  image = join(work, 'disk.img');
  writeFileSync(join(work, 'config.ign'), JSON.stringify(config));
  result = runHull(['provision', '--image', image, '--layout', 'flatcar', '--size', '8GiB', join(work, 'config.ign')]);
  if (result.status === 0) {
    const t = JSON.parse(runHull(['-o', 'json', 'disk', 'show', image]).stdout).result as {
      sectorSize: number;
      partitions: { label: string; firstLba: number; lastLba: number }[];
    };
    for (const p of t.partitions)
      parts.set(p.label, { offset: p.firstLba * t.sectorSize, size: (p.lastLba - p.firstLba + 1) * t.sectorSize });
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the image is provisioned (exit 0)', () => {
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /stage filesystems: ok/);
});

test('ROOT: e2fsck -fn passes; debugfs shows the files with their modes, owners and contents', () => {
  const root = extract('ROOT');
  const fsck = spawnSync('e2fsck', ['-fn', root], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
  const stat = (p: string) =>
    execFileSync('debugfs', ['-R', `stat ${p}`, root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const cat = (p: string) =>
    execFileSync('debugfs', ['-R', `cat ${p}`, root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(stat('/etc/secret'), /Mode:\s+0600/);
  assert.match(stat('/etc/secret'), /User:\s+500\s+Group:\s+501/);
  assert.equal(cat('/etc/secret'), 's3cret');
  assert.equal(cat('/etc/hostname'), 'node1\n');
  assert.match(stat('/etc/hostname'), /Mode:\s+0644/);
  assert.match(stat('/etc/localtime'), /Fast link dest: "\.\.\/usr\/share\/zoneinfo\/UTC"/);
  assert.equal(cat('/etc/systemd/system-preset/20-ignition.preset'), 'enable a.service\n');
  assert.match(cat('/etc/systemd/system/a.service'), /ExecStart=\/bin\/true/);
  // The other filesystems' files are not on ROOT (their mount points stay, empty).
  assert.match(
    execFileSync('debugfs', ['-R', 'ls -l /boot', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    /\.\./,
  );
  assert.doesNotMatch(
    execFileSync('debugfs', ['-R', 'ls -l /oem', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    /oem\.txt/,
  );
  const label = execFileSync('debugfs', ['-R', 'stats', root], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  assert.match(label, /Filesystem volume name:\s+ROOT/);
});

test('OEM: ext4 with its file; e2fsck -fn passes', () => {
  const oem = extract('OEM');
  const fsck = spawnSync('e2fsck', ['-fn', oem], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
  assert.match(
    execFileSync('debugfs', ['-R', 'stat /oem.txt', oem], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    /Mode:\s+0640/,
  );
  assert.equal(
    execFileSync('debugfs', ['-R', 'cat /oem.txt', oem], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    'oem\n',
  );
});

test('EFI-SYSTEM: vfat; fsck.vfat -n passes; mdir and mtype show the file', () => {
  const efi = extract('EFI-SYSTEM');
  const fsck = spawnSync('fsck.vfat', ['-n', efi], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  assert.match(execFileSync('mdir', ['-i', efi, '::/grub'], { encoding: 'utf8', env }), /grub\s+cfg/i);
  assert.equal(execFileSync('mtype', ['-i', efi, '::/grub/grub.cfg'], { encoding: 'utf8', env }), 'set timeout=1\n');
  assert.match(execFileSync('mdir', ['-i', efi, '::/'], { encoding: 'utf8', env }), /EFI-SYSTEM/);
  // the Flatcar EFI-SYSTEM gets update_engine's kernel folder, as `hull disk create` makes it (D31)
  assert.match(execFileSync('mdir', ['-i', efi, '::/'], { encoding: 'utf8', env }), /^flatcar\s+<DIR>/m);
});

test('OEM-CONFIG: a swap signature with its label', () => {
  const swap = extract('OEM-CONFIG');
  const out = execFileSync('blkid', ['-p', swap], { encoding: 'utf8' });
  assert.match(out, /TYPE="swap"/);
  assert.match(out, /LABEL="SWAP"/);
});

test('--dry-run on a new image prints the filesystems of the plan and creates nothing', () => {
  const img = join(work, 'dry.img');
  const r = runHull(['provision', '--image', img, '--size', '8GiB', '--dry-run', join(work, 'config.ign')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /filesystems make vfat \(label EFI-SYSTEM\) on partition 1, filled from \/boot/);
  assert.match(r.stdout, /filesystems make ext4 \(label ROOT\) on partition 9/);
  assert.match(r.stdout, /^users +write Flatcar's first-boot account files into the new ROOT/m);
  assert.equal(existsSync(img), false);
});

test('a filesystem naming no partition is refused before anything is written', () => {
  const img = join(work, 'bad.img');
  writeFileSync(
    join(work, 'bad.ign'),
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { filesystems: [{ device: '/dev/sdz9', format: 'ext4', path: '/x' }] },
    }),
  );
  const r = runHull(['-o', 'json', 'provision', '--image', img, '--size', '8GiB', join(work, 'bad.ign')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /PROVISION_IMAGE_UNSUPPORTED/);
  assert.equal(existsSync(img), false);
});

test('storage.disks partitions the image with the GPT module (wipeTable, sizes, fill the rest), then the filesystems go on it', () => {
  const img = join(work, 'parted.img');
  const cfg = {
    ignition: { version: '3.3.0' },
    storage: {
      disks: [
        {
          device: '/dev/vda',
          wipeTable: true,
          partitions: [
            { label: 'BOOT', number: 1, sizeMiB: 64, typeGuid: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b' },
            { label: 'DATA', number: 2, sizeMiB: 0 },
          ],
        },
      ],
      filesystems: [
        { device: '/dev/disk/by-partlabel/BOOT', format: 'vfat', path: '/boot', label: 'BOOT' },
        { device: '/dev/disk/by-partlabel/DATA', format: 'ext4', path: '/', label: 'DATA' },
      ],
      files: [
        { path: '/etc/data', mode: 0o600, contents: { source: d('on data\n') } },
        { path: '/boot/b.txt', contents: { source: d('boot\n') } },
      ],
    },
  };
  writeFileSync(join(work, 'parted.ign'), JSON.stringify(cfg));
  const r = runHull(['provision', '--image', img, '--size', '8GiB', join(work, 'parted.ign')]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const t = JSON.parse(runHull(['-o', 'json', 'disk', 'show', img]).stdout).result as {
    sectorSize: number;
    partitions: { number: number; label: string; firstLba: number; lastLba: number }[];
  };
  assert.deepEqual(
    t.partitions.map((p) => [p.number, p.label]),
    [
      [1, 'BOOT'],
      [2, 'DATA'],
    ],
  );
  const boot = t.partitions[0]!;
  assert.equal((boot.lastLba - boot.firstLba + 1) * t.sectorSize, 64 * 1048576);
  parts.set('DATA', {
    offset: t.partitions[1]!.firstLba * t.sectorSize,
    size: (t.partitions[1]!.lastLba - t.partitions[1]!.firstLba + 1) * t.sectorSize,
  });
  const saved = image;
  image = img;
  const data = extract('DATA');
  image = saved;
  assert.equal(spawnSync('e2fsck', ['-fn', data]).status, 0);
  assert.equal(
    execFileSync('debugfs', ['-R', 'cat /etc/data', data], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    'on data\n',
  );
});

test('the core user of a usual Flatcar config provisions into a fresh `hull disk create` image (Flatcar base files)', () => {
  const img = join(work, 'core.img');
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHullTutorialKeyOnlyForTestsxxxxxxxxxxxxxxxx me@laptop';
  const hash = '$6$rounds=4096$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab';
  const cfg = {
    ignition: { version: '3.3.0' },
    passwd: { users: [{ name: 'core', passwordHash: hash, sshAuthorizedKeys: [key], groups: ['sudo', 'docker'] }] },
  };
  writeFileSync(join(work, 'core.ign'), JSON.stringify(cfg));
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  const r = runHull(['provision', '--image', img, join(work, 'core.ign')]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.deepEqual(
    [...r.stdout.matchAll(/^stage (\w+): ok/gm)].map((m) => m[1]),
    ['fetch', 'users', 'files', 'units', 'disks', 'filesystems'],
  );
  const t = JSON.parse(runHull(['-o', 'json', 'disk', 'show', img]).stdout).result as {
    sectorSize: number;
    partitions: { label: string; firstLba: number; lastLba: number }[];
  };
  const p = t.partitions.find((x) => x.label === 'ROOT')!;
  parts.set('CORE-ROOT', { offset: p.firstLba * t.sectorSize, size: (p.lastLba - p.firstLba + 1) * t.sectorSize });
  const saved = image;
  image = img;
  const root = extract('CORE-ROOT');
  image = saved;
  assert.equal(spawnSync('e2fsck', ['-fn', root]).status, 0);
  const dbg = (cmd: string) =>
    execFileSync('debugfs', ['-R', cmd, root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.equal(dbg('cat /home/core/.ssh/authorized_keys.d/ignition'), `${key}\n`);
  assert.match(
    dbg('stat /home/core/.ssh/authorized_keys.d/ignition'),
    /User:\s+500\s+Group:\s+500\s+Project:\s+\d+\s+Size/,
  );
  assert.match(dbg('stat /home/core/.ssh/authorized_keys.d/ignition'), /Mode:\s+0600/);
  assert.match(dbg('stat /home/core/.ssh/authorized_keys.d'), /Mode:\s+0700/);
  assert.match(dbg('cat /etc/passwd'), /^core:x:500:500:Flatcar Admin:\/home\/core:\/bin\/bash$/m);
  assert.match(dbg('cat /etc/shadow'), new RegExp(`^core:${hash.replace(/\$/g, '\\$')}:\\d+:0:::::$`, 'm'));
  assert.match(dbg('cat /etc/group'), /^sudo:x:150:core$/m);
  assert.match(dbg('cat /etc/group'), /^docker:x:233:core$/m);
  assert.match(dbg('stat /etc/shadow'), /Mode:\s+0640/);
});
