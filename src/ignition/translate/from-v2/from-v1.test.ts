/** Spec 1 → 2.0 (Ignition's TranslateFromV1) and where issues about the upgrade lie in the spec 1 text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from '../../../core/index.js';
import {
  ALL_SPEC_VERSIONS,
  marshalConverterOutput,
  translateConfigText,
  v3_1,
  validateConfigText,
  type v1,
} from '../../index.js';
import { up1to20, v1PathOf } from './index.js';

const decode = (text: string) => validateConfigText(text, { versions: ALL_SPEC_VERSIONS }).config as v1.Config;
const TWO_FS = JSON.stringify({
  ignitionVersion: 1,
  storage: {
    filesystems: [
      { device: '/dev/sdb1', format: 'ext4', files: [{ path: '/a', contents: 'a b/é%', mode: 420 }] },
      {
        device: '/dev/sdc1',
        format: 'btrfs',
        create: { force: true, options: ['-L', 'X'] },
        files: [
          { path: '/b', uid: 5, gid: 6 },
          { path: '/c', contents: '' },
        ],
      },
    ],
  },
  passwd: { users: [{ name: 'u', create: { uid: 7, groups: ['g'] } }], groups: [{ name: 'g', gid: 9 }] },
});

describe('spec 1 → 2.0', () => {
  test('filesystems named _translate-filesystem-N with a mount; files moved to storage.files as data URLs; uid/gid as ids', () => {
    const c = up1to20(decode(TWO_FS));
    assert.equal(c.ignition.version, '2.0.0');
    assert.deepEqual(c.storage.filesystems, [
      {
        name: '_translate-filesystem-0',
        mount: { device: '/dev/sdb1', format: 'ext4', create: undefined },
        path: undefined,
      },
      {
        name: '_translate-filesystem-1',
        mount: { device: '/dev/sdc1', format: 'btrfs', create: { force: true, options: ['-L', 'X'] } },
        path: undefined,
      },
    ]);
    assert.deepEqual(
      c.storage.files.map((f) => [f.filesystem, f.path, f.contents.source, f.mode, f.user.id, f.group.id]),
      [
        ['_translate-filesystem-0', '/a', 'data:,a%20b%2F%C3%A9%25', 420, 0, 0],
        ['_translate-filesystem-1', '/b', 'data:,', 0, 5, 6],
        ['_translate-filesystem-1', '/c', 'data:,', 0, 0, 0],
      ],
    );
    assert.deepEqual(c.passwd.users[0]!.create?.uid, 7);
    assert.deepEqual(c.passwd.groups[0]!.gid, 9);
  });

  test('an issue about the upgraded config is placed at its spec 1 source', () => {
    const cfg = decode(TWO_FS);
    const rows: [(string | number)[], string][] = [
      [['storage', 'files', 0, 'path'], '$.storage.filesystems.0.files.0.path'],
      [['storage', 'files', 2, 'contents', 'source'], '$.storage.filesystems.1.files.1.contents'],
      [['storage', 'files', 1, 'user', 'id'], '$.storage.filesystems.1.files.0.uid'],
      [['storage', 'files', 1, 'group'], '$.storage.filesystems.1.files.0.gid'],
      [['storage', 'files', 1, 'filesystem'], '$.storage.filesystems.1.files.0'],
      [['storage', 'filesystems', 1, 'name'], '$.storage.filesystems.1'],
      [['storage', 'filesystems', 1, 'mount', 'create'], '$.storage.filesystems.1.create'],
      [['ignition', 'config'], '$.ignitionVersion'],
      [['passwd', 'users', 0, 'name'], '$.passwd.users.0.name'],
    ];
    for (const [from, want] of rows) assert.equal(formatPath(v1PathOf(from, cfg)), want, formatPath(from));
  });

  test('translate: coreos refuses the unmapped _translate-filesystem-1 at that filesystem in the text; flatcar mounts it at /tmp', () => {
    const coreos = translateConfigText(TWO_FS, '3.1.0', { rules: 'coreos', fsMap: { '_translate-filesystem-0': '/' } });
    assert.equal(coreos.config, undefined);
    const refusal = coreos.report.issues.find((i) => i.code === 'IGN_TRANSLATE_FILESYSTEM_UNMAPPED')!;
    assert.equal(formatPath(refusal.path), '$.storage.filesystems.1');
    assert.equal(refusal.range?.start.offset, TWO_FS.indexOf('{"device":"/dev/sdc1"'));
    const flatcar = translateConfigText(TWO_FS, '3.1.0', {
      rules: 'flatcar',
      fsMap: { '_translate-filesystem-0': '/' },
    });
    assert.deepEqual(
      flatcar.report.issues.filter((i) => i.severity === 'error'),
      [],
    );
    assert.equal(
      marshalConverterOutput(v3_1.schema, flatcar.config!),
      '{"ignition":{"version":"3.1.0"},"passwd":{"groups":[{"gid":9,"name":"g"}],"users":[{"groups":["g"],"name":"u","uid":7}]},"storage":{"files":[' +
        '{"group":{"id":0},"overwrite":true,"path":"/a","user":{"id":0},"contents":{"source":"data:,a%20b%2F%C3%A9%25"},"mode":420},' +
        '{"group":{"id":6},"overwrite":true,"path":"/tmp/_translate-filesystem-1-ign1/b","user":{"id":5},"contents":{"source":"data:,"},"mode":0},' +
        '{"group":{"id":0},"overwrite":true,"path":"/tmp/_translate-filesystem-1-ign1/c","user":{"id":0},"contents":{"source":"data:,"},"mode":0}],' +
        '"filesystems":[{"device":"/dev/sdb1","format":"ext4","path":"/"},{"device":"/dev/sdc1","format":"btrfs","options":["-L","X"],"path":"/tmp/_translate-filesystem-1-ign1","wipeFilesystem":true}]}}\n',
    );
  });

  test('spec 1 partitions: size/start 0 (the default) left unset and translated (ign-converter refuses them: a deliberate difference); non-zero refused as deprecated', () => {
    const disk = (p: string) => `{"ignitionVersion":1,"storage":{"disks":[{"device":"/dev/sdb","partitions":[${p}]}]}}`;
    const zero = translateConfigText(disk('{"label":"data","number":1,"size":0,"start":0}'), '3.1.0', {
      rules: 'coreos',
    });
    assert.deepEqual(
      zero.report.issues.filter((i) => i.severity === 'error'),
      [],
    );
    assert.equal(
      marshalConverterOutput(v3_1.schema, zero.config!),
      '{"ignition":{"version":"3.1.0"},"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"data","number":1}]}]}}\n',
    );
    const set = translateConfigText(disk('{"number":1,"size":4096,"start":2048}'), '3.1.0', { rules: 'flatcar' });
    assert.equal(set.config, undefined);
    assert.deepEqual(
      set.report.issues.filter((i) => i.code !== 'IGN_CONFIG_DEPRECATED').map((i) => [i.code, formatPath(i.path)]),
      [
        ['IGN_TRANSLATE_INPUT_INVALID', '$'],
        ['IGN_PARTITION_SIZE_DEPRECATED', '$.storage.disks.0.partitions.0.size'],
        ['IGN_PARTITION_START_DEPRECATED', '$.storage.disks.0.partitions.0.start'],
      ],
    );
  });
});
