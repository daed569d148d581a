import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { goGzip as gzipBest } from './index.js';

test('gzipBest round-trips any bytes and frames them as Go does (XFL 2, OS 255, final empty stored block)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, repeat) => {
      const data = repeat ? new Uint8Array([...bytes, ...bytes, ...bytes]) : bytes;
      const gz = gzipBest(data);
      assert.deepEqual(new Uint8Array(gunzipSync(gz)), data);
      assert.deepEqual([...gz.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
      assert.deepEqual([...gz.subarray(gz.length - 12, gz.length - 8)], [0, 0, 0xff, 0xff]);
    }),
    { numRuns: 300 },
  );
});
