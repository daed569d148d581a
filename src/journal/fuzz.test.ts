/**
 * Fuzz of the export parser. (1) Random entries (any names from journald's
 * alphabet, any bytes as values, repeated fields) serialized and cut into
 * random chunks parse back to the same entries. (2) Random and mutated byte
 * streams never make the parser throw anything but its AppError codes, and
 * never hold more than the limits. HULL_FUZZ_RUNS sets the runs (default
 * 3000 in the suite). Crashers found are kept in REGRESSIONS. (3) The
 * framing parser (the receiver's) agrees with the full one on every stream:
 * the same outcome, counts and offsets, and the bytes it calls complete
 * parse to the same entries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../core/app-error.js';
import { ExportParser, parseExport } from './export-parser.js';
import { serializeEntries } from './export-writer.js';
import { entryToJson, HEADER_FIELDS, jsonToEntry } from './json.js';
import { formatEntries, OUTPUT_MODES } from './output.js';
import type { JournalEntry } from './entry.js';

const RUNS = Number(process.env.HULL_FUZZ_RUNS ?? 3000);
const CODES = new Set(['JOURNAL_EXPORT_INVALID', 'JOURNAL_ENTRY_TOO_LARGE', 'JOURNAL_EXPORT_TRUNCATED']);
const LIMITS = { maxFieldBytes: 4096, maxEntryBytes: 16384, maxFields: 64 };

const name = fc
  .tuple(fc.constantFrom(...'ABCXYZ_'.split('')), fc.stringMatching(/^[A-Z0-9_]{0,12}$/))
  .map(([a, b]) => a + b);
const value = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.string({ maxLength: 30 }).map((s) => new TextEncoder().encode(s)),
  fc.constantFrom('\n', '=', '\n\n', 'A=b\n\n').map((s) => new TextEncoder().encode(s)),
);
const entry = fc
  .array(
    fc.tuple(name, value).map(([n, v]) => ({ name: n, value: v })),
    { minLength: 1, maxLength: 8 },
  )
  .map((fields): JournalEntry => ({ fields }));

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

/** The framing parser over the same chunks: what it found, and the entries of the bytes it calls complete. */
function frameChunks(chunks: Uint8Array[]): {
  entries: JournalEntry[];
  error?: string;
  stats: { bytes: number; entries: number; droppedFields: number; dataBytes: number };
} {
  const p = ExportParser.framing(LIMITS);
  let error: string | undefined;
  try {
    for (const c of chunks) p.push(c);
    p.end();
  } catch (e) {
    if (!(e instanceof AppError) || !CODES.has(e.code)) throw e;
    error = e.code;
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  const entries = parseExport(all.subarray(0, p.lastEntryEnd), LIMITS);
  return { entries, ...(error !== undefined ? { error } : {}), stats: { ...p.stats } };
}

function parseChunks(chunks: Uint8Array[]): { entries: JournalEntry[]; error?: string } {
  const entries: JournalEntry[] = [];
  const p = new ExportParser((e) => entries.push(e), LIMITS);
  try {
    for (const c of chunks) p.push(c);
    p.end();
  } catch (e) {
    if (!(e instanceof AppError) || !CODES.has(e.code)) throw e;
    return { entries, error: e.code };
  }
  return { entries };
}

/** Inputs that once broke an invariant (kept as regression cases). */
const REGRESSIONS: Uint8Array[] = [
  // A binary length over the field limit must not allocate it.
  Uint8Array.of(0x41, 0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
  // A lone newline and an empty stream are no entries.
  Uint8Array.of(0x0a),
  new Uint8Array(0),
];

test(`fuzz: ${RUNS} random entries round-trip through serialize, random chunks and parse`, () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (entries, cuts) => {
      const bytes = serializeEntries(entries);
      const got = parseChunks(chunked(bytes, cuts));
      assert.equal(got.error, undefined);
      assert.deepEqual(got.entries, entries);
      const framed = frameChunks(chunked(bytes, cuts));
      assert.deepEqual(framed.entries, entries);
      assert.equal(framed.stats.bytes, bytes.length);
      // Every output format writes them without throwing; JSON --all reads back to the same values.
      for (const mode of OUTPUT_MODES) formatEntries(entries, { mode, all: true, timeZone: 'UTC' });
      // (Header fields once each, other `__` fields not at all, as journalctl.)
      for (const e of entries) {
        const header = new Set(e.fields.filter((f) => HEADER_FIELDS.includes(f.name)).map((f) => f.name));
        const data = e.fields.filter((f) => !f.name.startsWith('__') && f.name !== '_BOOT_ID');
        const back = jsonToEntry(JSON.parse(JSON.stringify(entryToJson(e, { all: true })))).entry;
        assert.equal(back.fields.length, header.size + data.length);
      }
    }),
    { numRuns: RUNS },
  );
});

test(`fuzz: ${RUNS} random and mutated streams only fail with the parser's codes`, () => {
  const seed = serializeEntries([
    {
      fields: [
        { name: 'MESSAGE', value: Uint8Array.of(0, 1, 10) },
        { name: 'A', value: new TextEncoder().encode('b') },
      ],
    },
  ]);
  const stream = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const c = seed.slice();
      c[i] = b;
      return c;
    }),
    fc.tuple(fc.nat({ max: seed.length })).map(([i]) => seed.subarray(0, i)),
  );
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
      const got = parseChunks(chunked(bytes, cuts));
      const whole = parseChunks([bytes]);
      // Chunking never changes the outcome.
      assert.deepEqual(got, whole);
      for (const e of got.entries) for (const f of e.fields) assert.ok(f.value.length <= LIMITS.maxFieldBytes);
      // The receiver's framing finds the same: the same error, and its complete bytes are the same entries.
      const framed = frameChunks(chunked(bytes, cuts));
      assert.equal(framed.error, got.error);
      assert.deepEqual(framed.entries, got.entries);
      assert.equal(framed.stats.entries, got.entries.length);
      let data = 0;
      for (const e of got.entries) for (const f of e.fields) data += f.name.length + 1 + f.value.length;
      assert.equal(framed.stats.dataBytes, data);
    }),
    { numRuns: RUNS },
  );
});

test('fuzz regressions', () => {
  for (const r of REGRESSIONS) {
    const got = parseChunks([r]);
    assert.ok(got.error === undefined || CODES.has(got.error));
    assert.equal(frameChunks([r]).error, got.error);
  }
  assert.deepEqual(parseExport(new Uint8Array(0)), []);
});
