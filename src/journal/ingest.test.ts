import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryOf, type JournalEntry } from './entry.js';
import { parseExport } from './export-parser.js';
import { serializeEntries } from './export-writer.js';
import { type ExportBatch, ingestExport, ingestStream, STORED_EXPORT_LIMITS } from './ingest.js';

const many = (n: number, from = 0): JournalEntry[] =>
  Array.from({ length: n }, (_, i) =>
    entryOf([
      ['__CURSOR', `s=1;i=${from + i}`],
      ['MESSAGE', `entry ${from + i} ${'x'.repeat(i % 300)}`],
      ['BLOB', Uint8Array.of(0, 10, i % 256)],
    ]),
  );

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  // Each chunk in a buffer of its own, overwritten after it was handed on (as a reused read buffer would be).
  for (let i = 0; i < bytes.length; i += size) {
    const c = new Uint8Array(bytes.subarray(i, i + size));
    yield c;
    c.fill(0x41);
  }
}

async function both(bytes: Uint8Array, size: number, options = {}) {
  const fromStream: JournalEntry[] = [];
  const a = await ingestStream(
    chunks(bytes, size),
    async (es) => {
      fromStream.push(...es);
    },
    options,
  );
  const batches: ExportBatch[] = [];
  const b = await ingestExport(
    chunks(bytes, size),
    async (batch) => {
      batches.push({ ...batch, bytes: batch.bytes.slice() });
    },
    options,
  );
  const fromBatches = batches.flatMap((x) => parseExport(x.bytes, STORED_EXPORT_LIMITS));
  return { a, b, fromStream, fromBatches, batches };
}

test('ingestExport hands on the complete entries as they came, in batches, with the answers of ingestStream', async () => {
  const entries = many(2500);
  const bytes = serializeEntries(entries);
  for (const size of [1, 4093, 65536]) {
    if (size === 1 && bytes.length > 200_000) {
      // byte by byte over a shorter stream (the whole one would take long)
      const short = serializeEntries(entries.slice(0, 40));
      const r = await both(short, 1);
      assert.deepEqual(r.fromBatches, entries.slice(0, 40));
      assert.deepEqual(r.b, r.a);
      continue;
    }
    const r = await both(bytes, size);
    assert.deepEqual(r.b, r.a);
    assert.equal(r.b.status, 202);
    assert.equal(r.b.entries, 2500);
    assert.deepEqual(r.fromBatches, entries);
    // Batches of about 1000 entries (cut after the chunk that reached 1000; an entry here is 50 bytes or more),
    // counted right, and one after the other they are the stream.
    assert.ok(r.batches.length >= 2);
    for (const x of r.batches) {
      assert.ok(x.entries < 1000 + size / 50, `${x.entries} entries in a batch`);
      assert.equal(parseExport(x.bytes, STORED_EXPORT_LIMITS).length, x.entries);
    }
    assert.deepEqual(Buffer.concat(r.batches.map((x) => x.bytes)), Buffer.from(bytes));
    const data = entries.reduce((n, e) => n + e.fields.reduce((m, f) => m + f.name.length + 1 + f.value.length, 0), 0);
    assert.equal(
      r.batches.reduce((n, x) => n + x.dataBytes, 0),
      data,
    );
  }
});

test('ingestExport: a premature end, an oversized field, garbage: the answers of ingestStream, complete entries kept', async () => {
  const good = serializeEntries(many(30));
  const enc = new TextEncoder();
  const cases: Array<[string, Uint8Array, object]> = [
    ['premature end', Buffer.concat([good, enc.encode('MESSAGE=half\nPRIORITY=')]), {}],
    [
      'field over the limit',
      Buffer.concat([good, enc.encode(`MESSAGE=${'y'.repeat(5000)}\n\n`)]),
      { limits: { maxFieldBytes: 4096 } },
    ],
    [
      'binary without its newline',
      Buffer.concat([good, enc.encode('B\n'), Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), enc.encode('zq')]),
      {},
    ],
    ['invalid names dropped', Buffer.concat([good, enc.encode('lower=x\nMESSAGE=kept\n\nbad=only\n\n')]), {}],
  ];
  for (const [name, bytes, options] of cases) {
    const r = await both(bytes, 777, options);
    assert.deepEqual(r.b, r.a, name);
    assert.deepEqual(r.fromBatches, r.fromStream, name);
    assert.ok(r.fromBatches.length >= 30, name);
  }
});
