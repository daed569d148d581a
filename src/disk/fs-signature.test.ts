import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFilesystem } from './fs-signature.js';
import { MemoryBlockDevice } from './block-device.js';

const OFF = 4096;
function disk(put: (b: Uint8Array) => void): MemoryBlockDevice {
  const dev = new MemoryBlockDevice(OFF + 128 * 1024);
  put(dev.bytes.subarray(OFF));
  return dev;
}
const text = (b: Uint8Array, at: number, s: string) => b.set(new TextEncoder().encode(s), at);
const detect = (dev: MemoryBlockDevice, size = 128 * 1024) => detectFilesystem((o, l) => dev.read(o, l), OFF, size);

test('detectFilesystem: each signature at its place in the partition, and nothing on zeros', async () => {
  assert.equal(await detect(disk(() => undefined)), undefined);
  assert.equal(await detect(disk((b) => b.set([0x53, 0xef], 1024 + 56))), 'ext4');
  assert.equal(await detect(disk((b) => text(b, 0, 'XFSB'))), 'xfs');
  assert.equal(await detect(disk((b) => text(b, 65536 + 64, '_BHRfS_M'))), 'btrfs');
  assert.equal(await detect(disk((b) => text(b, 4096 - 10, 'SWAPSPACE2'))), 'swap');
  assert.equal(await detect(disk((b) => text(b, 65536 - 10, 'SWAP-SPACE'))), 'swap');
  assert.equal(
    await detect(
      disk((b) => {
        text(b, 82, 'FAT32   ');
        b.set([0x55, 0xaa], 510);
      }),
    ),
    'vfat',
  );
  assert.equal(
    await detect(
      disk((b) => {
        text(b, 54, 'FAT16   ');
        b.set([0x55, 0xaa], 510);
      }),
    ),
    'vfat',
  );
  // a FAT name without the boot signature, or a signature before the partition, is not a filesystem
  assert.equal(await detect(disk((b) => text(b, 82, 'FAT32   '))), undefined);
  const before = new MemoryBlockDevice(OFF + 128 * 1024);
  before.bytes.set([0x53, 0xef], 1024 + 56);
  assert.equal(await detect(before), undefined);
  // a partition smaller than the place of a signature: only what lies inside it is read
  assert.equal(
    await detect(
      disk((b) => text(b, 65536 + 64, '_BHRfS_M')),
      8192,
    ),
    undefined,
  );
});
