import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEntry, encodeEntry, WELL_KNOWN } from './entry-codec.js';
import type { JournalEntry } from './entry.js';

const name = fc.oneof(fc.constantFrom(...WELL_KNOWN), fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,63}$/));
const entry = fc
  .array(
    fc.record({
      name,
      value: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 16_380, maxLength: 16_400 })),
    }),
    { maxLength: 30 },
  )
  .map((fields): JournalEntry => ({ fields }));
const plain = (e: JournalEntry) => e.fields.map((f) => [f.name, Buffer.from(f.value).toString('hex')]);

test('entry codec: any entry comes back with its fields, order, repeats and exact bytes (names known or not, lengths across varint steps)', () => {
  fc.assert(fc.property(entry, (e) => assert.deepEqual(plain(decodeEntry(encodeEntry(e))), plain(e))));
});

test('entry codec: known names take one byte, lengths below 128 one byte', () => {
  const bytes = encodeEntry({
    fields: [
      { name: 'MESSAGE', value: new Uint8Array([104, 105]) },
      { name: 'MY_FIELD', value: new Uint8Array(200) },
    ],
  });
  assert.deepEqual([...bytes.subarray(0, 5)], [0, WELL_KNOWN.indexOf('MESSAGE'), 2, 104, 105]);
  assert.deepEqual([...bytes.subarray(5, 6 + 8 + 2)], [0x88, ...Buffer.from('MY_FIELD'), 0xc8, 0x01]);
  assert.equal(bytes.length, 1 + 1 + 1 + 2 + 1 + 8 + 2 + 200);
});

test('entry codec: the first stores’ encoding (name length, name, u32 length) is still read', () => {
  const v1 = Buffer.concat([
    Buffer.from([7]),
    Buffer.from('MESSAGE'),
    Buffer.from([2, 0, 0, 0]),
    Buffer.from('hi'),
    Buffer.from([3]),
    Buffer.from('X_Y'),
    Buffer.from([0, 0, 0, 0]),
  ]);
  assert.deepEqual(plain(decodeEntry(new Uint8Array(v1))), [
    ['MESSAGE', '6869'],
    ['X_Y', ''],
  ]);
  assert.deepEqual(decodeEntry(new Uint8Array(0)).fields, []);
  assert.throws(() => decodeEntry(new Uint8Array([0, 0x7f])), /malformed/);
  assert.throws(() => decodeEntry(new Uint8Array([0, 0, 5, 1])), /malformed/);
});
