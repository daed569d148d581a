import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLATCAR_BASE, writeFlatcarBase } from './flatcar-base.js';
import { freshRoot, type ImageFilesystem } from './image.js';
import type { NodeStat, TargetFs } from './ports.js';

/** A TargetFs that records what is written; `existing` names what / already holds. */
function recordingFs(existing: string[]): { fs: TargetFs; ops: string[] } {
  const ops: string[] = [];
  const no = () => Promise.reject(new Error('not in this fake'));
  const fs: TargetFs = {
    lstat: async (): Promise<NodeStat | undefined> => undefined,
    readdir: async (p) => (p === '/' ? existing : []),
    mkdir: async (p, m) => void ops.push(`mkdir ${p} ${m.toString(8)}`),
    writeFile: async (p, d) => void ops.push(`write ${p} ${new TextDecoder().decode(d).split('\n').length - 1} lines`),
    chmod: async (p, m) => void ops.push(`chmod ${p} ${m.toString(8)}`),
    lchown: async (p, u, g) => void ops.push(`chown ${p} ${u}:${g}`),
    readlink: no,
    readFile: no,
    appendFile: no,
    symlink: no,
    link: no,
    removeAll: no,
    writeFileFrom: no,
    appendFileFrom: no,
  };
  return { fs, ops };
}

const text = (p: string) => FLATCAR_BASE.find((e) => e.path === p)!.text!;
const names = (p: string) =>
  text(p)
    .trim()
    .split('\n')
    .map((l) => l.split(':')[0]);

test("the base files are flatcar-tmpfiles' copies: root and core (500), the modifiable groups, shadow entries for each", () => {
  assert.deepEqual(names('/etc/passwd'), ['root', 'core']);
  assert.match(text('/etc/passwd'), /^core:x:500:500:Flatcar Admin:\/home\/core:\/bin\/bash$/m);
  assert.deepEqual(names('/etc/group'), ['root', 'wheel', 'sudo', 'docker', 'systemd-journal', 'core']);
  assert.deepEqual(names('/etc/shadow'), names('/etc/passwd'));
  assert.deepEqual(names('/etc/gshadow'), names('/etc/group'));
  // gshadow's member lists are group's.
  const members = (p: string, field: number) =>
    text(p)
      .trim()
      .split('\n')
      .map((l) => l.split(':')[field]);
  assert.deepEqual(members('/etc/gshadow', 3), members('/etc/group', 3));
  for (const e of FLATCAR_BASE) if (e.path.endsWith('shadow')) assert.equal(e.mode, 0o640);
});

test('writeFlatcarBase writes every entry with its owner and mode into an empty root', async () => {
  const { fs, ops } = recordingFs([]);
  assert.equal(await writeFlatcarBase(fs), true);
  assert.ok(ops.includes('mkdir /home/core/.ssh 700'));
  assert.ok(ops.includes('chown /home/core/.ssh 500:500'));
  assert.ok(ops.includes('write /etc/shadow 2 lines'));
  assert.ok(ops.includes('chmod /etc/shadow 640'));
  assert.ok(ops.indexOf('mkdir /etc 755') < ops.indexOf('write /etc/passwd 2 lines'));
});

test('writeFlatcarBase never writes over existing content', async () => {
  const { fs, ops } = recordingFs(['etc']);
  assert.equal(await writeFlatcarBase(fs), false);
  assert.deepEqual(ops, []);
});

test('freshRoot: only an ext4 or xfs filesystem at "/" made by this run', () => {
  const f = (path: string | undefined, format: ImageFilesystem['format']): ImageFilesystem => ({
    device: 'd',
    format,
    partition: 9,
    offset: 0,
    size: 1,
    wipe: false,
    ...(path ? { path } : {}),
  });
  assert.equal(freshRoot([f('/', 'ext4')]), true);
  assert.equal(freshRoot([f('/', 'xfs')]), true);
  assert.equal(freshRoot([f('/', 'none')]), false);
  assert.equal(freshRoot([f('/', 'vfat')]), false);
  assert.equal(freshRoot([f('/oem', 'ext4')]), false);
  assert.equal(freshRoot([]), false);
});
