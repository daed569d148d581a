import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryKey, mergeConfigs, type MergeSide } from './merge.js';

test("partitions are keyed by number, else by label (Ignition's Partition.Key)", () => {
  const parent = {
    storage: {
      disks: [
        {
          device: '/dev/vda',
          partitions: [
            { label: 'root', sizeMiB: 100 },
            { number: 1, label: 'boot', sizeMiB: 10 },
            { number: 2, label: 'data' },
          ],
        },
      ],
    },
  };
  const child = {
    storage: {
      disks: [
        {
          device: '/dev/vda',
          partitions: [
            { label: 'root', sizeMiB: 200, resize: true },
            { number: 1, typeGuid: 'x' },
            { label: 'data', sizeMiB: 5 },
          ],
        },
      ],
    },
  };
  assert.deepEqual(mergeConfigs<object>(parent, child), {
    storage: {
      disks: [
        {
          device: '/dev/vda',
          partitions: [
            // merged by label: neither has a number
            { label: 'root', sizeMiB: 200, resize: true },
            // merged by number: the child's label-less entry is still number 1
            { number: 1, label: 'boot', sizeMiB: 10, typeGuid: 'x' },
            // number 2 is keyed by its number, so the child's label 'data' is another partition
            { number: 2, label: 'data' },
            { label: 'data', sizeMiB: 5 },
          ],
        },
      ],
    },
  });
  assert.equal(entryKey('partitions', { number: 3, label: 'x' }), 'number:3');
  assert.equal(entryKey('partitions', { number: 0, label: 'x' }), 'label:x');
  assert.equal(entryKey('partitions', {}), '');
});

test('files, directories and links share one key space: the child moves a path to another list', () => {
  const parent = { storage: { files: [{ path: '/a', mode: 420 }, { path: '/b' }], directories: [{ path: '/d' }] } };
  const child = { storage: { directories: [{ path: '/a' }], links: [{ path: '/d', target: '/x' }] } };
  assert.deepEqual(mergeConfigs<object>(parent, child), {
    storage: { files: [{ path: '/b' }], directories: [{ path: '/a' }], links: [{ path: '/d', target: '/x' }] },
  });
});

test('unkeyed lists concatenate, string lists merge by value, a header without value removes the parent one', () => {
  const parent = {
    storage: {
      files: [
        {
          path: '/f',
          append: [{ source: 'data:,a' }],
          contents: {
            httpHeaders: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
        },
      ],
      filesystems: [{ device: '/dev/a', options: ['-q'], mountOptions: ['ro'] }],
    },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k1', 'k2'] }] },
  };
  const child = {
    storage: {
      files: [
        {
          path: '/f',
          append: [{ source: 'data:,a' }],
          contents: { httpHeaders: [{ name: 'A' }, { name: 'C', value: '3' }] },
        },
      ],
      filesystems: [{ device: '/dev/a', options: ['-q'], mountOptions: ['ro'] }],
    },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k2', 'k3'] }] },
  };
  assert.deepEqual(mergeConfigs<object>(parent, child), {
    storage: {
      files: [
        {
          path: '/f',
          append: [{ source: 'data:,a' }, { source: 'data:,a' }],
          contents: {
            httpHeaders: [
              { name: 'B', value: '2' },
              { name: 'C', value: '3' },
            ],
          },
        },
      ],
      filesystems: [{ device: '/dev/a', options: ['-q', '-q'], mountOptions: ['ro', 'ro'] }],
    },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k1', 'k2', 'k3'] }] },
  });
});

test('a field the child leaves out or sets to null keeps the parent value; the inputs are not changed', () => {
  const parent = {
    ignition: { version: '3.4.0', timeouts: { httpTotal: 5 } },
    systemd: { units: [{ name: 'a.service', enabled: true }] },
  };
  const child = {
    ignition: { version: '3.4.0', timeouts: { httpTotal: null } },
    systemd: { units: [{ name: 'a.service', mask: true }, { name: 'b.service' }] },
  };
  const before = JSON.stringify([parent, child]);
  assert.deepEqual(mergeConfigs<object>(parent, child), {
    ignition: { version: '3.4.0', timeouts: { httpTotal: 5 } },
    systemd: { units: [{ name: 'a.service', enabled: true, mask: true }, { name: 'b.service' }] },
  });
  assert.equal(JSON.stringify([parent, child]), before);
});

test('onPlace tells where each list entry went, and which were dropped', () => {
  const parent = { storage: { files: [{ path: '/a' }, { path: '/b' }] } };
  const child = { storage: { files: [{ path: '/c' }, { path: '/b', mode: 1 }], links: [{ path: '/a' }] } };
  const seen: [MergeSide, string, string][] = [];
  mergeConfigs<object>(parent, child, (side, from, to) =>
    seen.push([side, from.join('.'), to === undefined ? '-' : to.join('.')]),
  );
  assert.deepEqual(seen, [
    ['parent', 'storage.files.0', '-'],
    ['parent', 'storage.files.1', 'storage.files.0'],
    ['child', 'storage.files.1', 'storage.files.0'],
    ['child', 'storage.files.0', 'storage.files.1'],
  ]);
});
