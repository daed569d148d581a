import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PayloadError } from './codes.js';
import { decodeHeader, encodeHeader, HEADER_SIZE } from './header.js';

test('the header round-trips: CrAU, version and manifest length big-endian', () => {
  const b = encodeHeader({ version: 1n, manifestSize: 3399n });
  assert.equal(b.length, HEADER_SIZE);
  assert.equal(Buffer.from(b).toString('hex'), '43724155' + '0000000000000001' + '0000000000000d47');
  assert.deepEqual(decodeHeader(b), { version: 1n, manifestSize: 3399n });
  assert.deepEqual(decodeHeader(encodeHeader({ version: 2n ** 64n - 1n, manifestSize: 0n })), {
    version: 2n ** 64n - 1n,
    manifestSize: 0n,
  });
});

test('a wrong magic or a short header is error 21', () => {
  const b = encodeHeader({ version: 1n, manifestSize: 1n });
  b[3] = 0x56;
  assert.throws(
    () => decodeHeader(b),
    (e: unknown) => e instanceof PayloadError && e.code === 21,
  );
  assert.throws(
    () => decodeHeader(new Uint8Array(5)),
    (e: unknown) => e instanceof PayloadError && e.code === 21,
  );
});
