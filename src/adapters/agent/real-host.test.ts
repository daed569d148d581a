// /usr's device from /proc/self/mountinfo: the mount at /usr (the last one wins, as the kernel shows stacked mounts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceOfMount } from './real-host.js';

test('deviceOfMount: the MAJ:MIN of /usr, the last mount on it winning, undefined when none', () => {
  const mi = [
    '22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda9 rw',
    '23 22 254:0 / /usr ro,relatime shared:2 - ext2 /dev/mapper/usr ro',
    '40 22 0:5 / /dev rw - devtmpfs devtmpfs rw',
    '41 23 259:3 / /usr ro - ext2 /dev/nvme0n1p3 ro',
  ].join('\n');
  assert.equal(deviceOfMount(mi, '/usr'), '259:3');
  assert.equal(deviceOfMount(mi.split('\n').slice(0, 3).join('\n'), '/usr'), '254:0');
  assert.equal(deviceOfMount(mi, '/boot'), undefined);
  assert.equal(deviceOfMount('', '/usr'), undefined);
});
