import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { marshalConfig, v2_3 } from '../../src/ignition/index.js';
import { transpileCt } from '../../src/transpile/index.js';
import { CT_FIXTURES, listCases } from './golden-cases.js';

// Habit 4: every place of ct's output says which YAML place it came from.

function run(name: string) {
  const argsFile = join(CT_FIXTURES, name, 'args');
  const args = existsSync(argsFile) ? readFileSync(argsFile, 'utf8') : '';
  const platform = /-platform[\s=]+(\S+)/.exec(args)?.[1] ?? '';
  return transpileCt(readFileSync(join(CT_FIXTURES, name, 'input.yaml'), 'utf8'), {
    platform,
    readLocal: () => ({ ok: true, data: new Uint8Array([0x41]) }),
  });
}

test('the TranslationSet covers every output place of every corpus config', () => {
  let checked = 0;
  for (const name of listCases()) {
    const r = run(name);
    if (r.config === undefined) continue;
    const out: unknown = JSON.parse(marshalConfig(v2_3.schema, r.config, { pretty: false }));
    assert.deepEqual(r.translations!.missing(out), [], name);
    checked++;
  }
  assert.ok(checked >= 40, `${checked} configs checked`);
});

test('generated units and update.conf come from their sections; user entries from themselves', () => {
  const etcd = run('etcd-default').translations!;
  assert.deepEqual(etcd.get(['systemd', 'units', 0, 'dropins', 0, 'contents']), ['etcd']);
  const quirk = run('generated-unit-quirk').translations!;
  assert.deepEqual(quirk.get(['systemd', 'units', 0]), ['docker']);
  assert.deepEqual(quirk.get(['systemd', 'units', 1, 'name']), ['systemd', 'units', 0, 'name']);
  const upd = run('update-locksmith').translations!;
  assert.deepEqual(upd.get(['storage', 'files', 0, 'contents', 'source']), ['update']);
  const remote = run('files-remote').translations!;
  assert.deepEqual(remote.get(['storage', 'files', 0, 'contents', 'source']), [
    'storage',
    'files',
    0,
    'contents',
    'remote',
    'url',
  ]);
  const disks = run('disks').translations!;
  assert.deepEqual(disks.get(['storage', 'disks', 0, 'partitions', 0, 'sizeMiB']), [
    'storage',
    'disks',
    0,
    'partitions',
    0,
    'size',
  ]);
});
