import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TranslationSet } from '../translation-set.js';
import { mergeTranslated } from './merge.js';

test('mergeTranslated: a nested partition merged by label takes its translations along; a dropped parent entry loses its own', () => {
  const parent = {
    storage: {
      disks: [{ device: '/dev/vda', partitions: [{ label: 'boot' }, { label: 'root', sizeMiB: 10 }] }],
      files: [{ path: '/x' }],
    },
  };
  const pts = new TranslationSet().addFromCommonSource(['boot_device'], ['storage'], parent.storage);
  const child = {
    storage: {
      disks: [{ device: '/dev/vda', partitions: [{ label: 'root', sizeMiB: 20 }] }],
      links: [{ path: '/x', target: '/y' }],
    },
  };
  const cts = new TranslationSet()
    .add(['storage', 'disks', 0, 'partitions', 0, 'size_mib'], ['storage', 'disks', 0, 'partitions', 0, 'sizeMiB'])
    .add(['storage', 'links', 0, 'path'], ['storage', 'links', 0, 'path']);
  const { config, ts } = mergeTranslated(parent, pts, child, cts);
  assert.deepEqual(config, {
    storage: {
      disks: [{ device: '/dev/vda', partitions: [{ label: 'boot' }, { label: 'root', sizeMiB: 20 }] }],
      files: [],
      links: [{ path: '/x', target: '/y' }],
    },
  });
  assert.deepEqual(ts.get(['storage', 'disks', 0, 'partitions', 1, 'sizeMiB']), [
    'storage',
    'disks',
    0,
    'partitions',
    0,
    'size_mib',
  ]);
  assert.deepEqual(ts.get(['storage', 'disks', 0, 'partitions', 1, 'label']), ['boot_device']);
  assert.deepEqual(ts.get(['storage', 'links', 0, 'path']), ['storage', 'links', 0, 'path']);
  assert.equal(ts.get(['storage', 'files', 0, 'path']), undefined);
});
