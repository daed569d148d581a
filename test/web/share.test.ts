import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { decodeShare, encodeShare, MAX_SHARED_BYTES } from '../../web/src/share.js';

// Share links keep dialect, target and text in the fragment; Node has the same CompressionStream.
test('a share fragment round-trips any text (astral characters, CRLF, empty) and stays URL-safe', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.constantFrom('ct', 'butane', 'ignition'),
      fc.constantFrom('', '3.0.0', '3.6.0'),
      async (source, dialect, target) => {
        const hash = await encodeShare({ dialect, target, source });
        assert.match(hash, /^#d=[a-z]+(&t=3\.\d\.0)?&z=[A-Za-z0-9_-]*$/);
        assert.deepEqual(await decodeShare(hash), { dialect, target, source });
      },
    ),
    { numRuns: 200 },
  );
});

test('a large config compresses', async () => {
  const source = '{"ignition":{"version":"3.4.0"}}\n'.repeat(2000);
  const hash = await encodeShare({ dialect: 'ignition', target: '', source });
  assert.ok(hash.length < source.length / 20, `${hash.length} characters`);
});

test('fragments without a config, or damaged ones, give undefined; the uncompressed form is read too', async () => {
  assert.equal(await decodeShare(''), undefined);
  assert.equal(await decodeShare('#section-2'), undefined);
  assert.equal(await decodeShare('#d=ignition'), undefined);
  assert.equal(await decodeShare('#d=ignition&z=not*base64'), undefined);
  assert.equal(await decodeShare('#d=ignition&z=AAAA'), undefined, 'not deflate data');
  assert.equal(await decodeShare('#d=ignition&s=_w'), undefined, 'not UTF-8');
  const plain = Buffer.from('a: 1\n').toString('base64url');
  assert.deepEqual(await decodeShare(`#d=ct&s=${plain}`), { dialect: 'ct', target: '', source: 'a: 1\n' });
});

test('a link that inflates past the limit is refused, not unpacked', async () => {
  const bomb = deflateRawSync(Buffer.alloc(MAX_SHARED_BYTES + 1, 0x20)).toString('base64url');
  assert.ok(bomb.length < 20_000, 'a small fragment');
  assert.equal(await decodeShare(`#d=ignition&z=${bomb}`), undefined);
  const fits = deflateRawSync(Buffer.alloc(MAX_SHARED_BYTES, 0x20)).toString('base64url');
  assert.equal((await decodeShare(`#d=ignition&z=${fits}`))?.source.length, MAX_SHARED_BYTES);
});
