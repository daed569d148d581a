// Digest encodings of the response: canonical padded base64 for sha256, hex for hash_sha256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { base64ToHex, hexToBase64, isCanonicalBase64, isOmahaSha1, isOmahaSha256, isSha256Hex } from './index.js';

test('hex → base64 matches Node, and back', () => {
  for (const data of ['', 'a', 'payload', 'x'.repeat(1000)]) {
    const digest = createHash('sha256').update(data).digest();
    const b64 = hexToBase64(digest.toString('hex'));
    assert.equal(b64, digest.toString('base64'));
    assert.equal(b64?.length, 44);
    assert.ok(isOmahaSha256(b64!));
    assert.equal(base64ToHex(b64!), digest.toString('hex'));
    const sha1 = createHash('sha1').update(data).digest('base64');
    assert.ok(isOmahaSha1(sha1));
  }
  assert.equal(hexToBase64('ABCDEF'), Buffer.from('abcdef', 'hex').toString('base64'));
  assert.equal(hexToBase64('abc'), undefined);
  assert.equal(hexToBase64('zz'), undefined);
});

test('only the canonical base64 text is accepted (the client compares text)', () => {
  const good = createHash('sha256').update('p').digest('base64');
  assert.ok(isOmahaSha256(good));
  for (const bad of [
    good.slice(0, 43), // unpadded
    createHash('sha256').update('p').digest('base64url'), // base64url, unpadded
    `${good.slice(0, 40)}!${good.slice(41)}`, // not the alphabet
    good.slice(0, 42) + String.fromCharCode(good.charCodeAt(42) + 1) + '=', // non-zero unused bits
    createHash('sha256').update('p').digest('hex'),
    ` ${good}`,
  ])
    assert.equal(isOmahaSha256(bad), false, bad);
  assert.equal(isCanonicalBase64('QQ=='), true);
  assert.equal(isCanonicalBase64('QR=='), false);
  assert.equal(isCanonicalBase64('QUI='), true);
  assert.equal(isCanonicalBase64('QUJ='), false);
  assert.equal(base64ToHex('QR=='), undefined);
});

test('hash_sha256 is 64 lowercase hex digits', () => {
  assert.ok(isSha256Hex(createHash('sha256').update('p').digest('hex')));
  assert.equal(isSha256Hex(createHash('sha256').update('p').digest('hex').toUpperCase()), false);
  assert.equal(isSha256Hex('ab'), false);
});
