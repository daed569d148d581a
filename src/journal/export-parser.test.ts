import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../core/app-error.js';
import { ExportParser, parseExport, parseExportStream } from './export-parser.js';
import { serializeEntries } from './export-writer.js';
import { asciiOf, cursorOf, entryOf, monotonicOf, realtimeOf, type JournalEntry } from './entry.js';

const enc = new TextEncoder();
const u8 = (s: string): Uint8Array => enc.encode(s);
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const le64 = (n: number): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};
const bin = (name: string, v: Uint8Array): Uint8Array => cat(u8(name + '\n'), le64(v.length), v, u8('\n'));

const SAMPLE = cat(
  u8(
    '__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1700000000000000\n__MONOTONIC_TIMESTAMP=42\n_BOOT_ID=0123456789abcdef0123456789abcdef\n',
  ),
  u8('MESSAGE=hello = world\tx\n'),
  bin('BLOB', Uint8Array.of(0, 1, 2, 255, 10, 61)),
  u8('REP=a\nREP=b\n'),
  bin('REP', u8('c\nd')),
  u8('EMPTY=\n'),
  bin('ZERO', new Uint8Array(0)),
  u8('\n'),
  u8('MESSAGE=second\n__SEQNUM=7\n__UNKNOWN=kept\n\n'),
);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof AppError, `not an AppError: ${String(e)}`);
    return e.code;
  }
  return 'none';
}

test('text and binary fields, multi-valued fields and address fields, values kept exactly', () => {
  const [a, b, ...rest] = parseExport(SAMPLE);
  assert.equal(rest.length, 0);
  assert.deepEqual(
    a!.fields.map((f) => f.name),
    [
      '__CURSOR',
      '__REALTIME_TIMESTAMP',
      '__MONOTONIC_TIMESTAMP',
      '_BOOT_ID',
      'MESSAGE',
      'BLOB',
      'REP',
      'REP',
      'REP',
      'EMPTY',
      'ZERO',
    ],
  );
  assert.equal(asciiOf(a!.fields[4]!.value), 'hello = world\tx');
  assert.deepEqual(Array.from(a!.fields[5]!.value), [0, 1, 2, 255, 10, 61]);
  assert.equal(asciiOf(a!.fields[8]!.value), 'c\nd');
  assert.equal(a!.fields[10]!.value.length, 0);
  assert.equal(cursorOf(a!), 's=1;i=2');
  assert.equal(realtimeOf(a!), 1700000000000000n);
  assert.equal(monotonicOf(a!), 42n);
  assert.deepEqual(
    b!.fields.map((f) => f.name),
    ['MESSAGE', '__SEQNUM', '__UNKNOWN'],
  );
});

test('the same entries whatever the chunking: every split point, and byte by byte', () => {
  const whole = parseExport(SAMPLE);
  for (let cut = 0; cut <= SAMPLE.length; cut++) {
    const got: JournalEntry[] = [];
    const p = new ExportParser((e) => got.push(e));
    p.push(SAMPLE.subarray(0, cut));
    p.push(SAMPLE.subarray(cut));
    p.end();
    assert.deepEqual(got, whole, `cut at ${cut}`);
  }
  const got: JournalEntry[] = [];
  const p = new ExportParser((e) => got.push(e));
  for (const b of SAMPLE) p.push(Uint8Array.of(b));
  p.end();
  assert.deepEqual(got, whole);
});

test('a reused chunk buffer does not change entries already parsed', () => {
  const buf = new Uint8Array(5);
  const got: JournalEntry[] = [];
  const p = new ExportParser((e) => got.push(e));
  for (let i = 0; i < SAMPLE.length; i += 5) {
    const n = Math.min(5, SAMPLE.length - i);
    buf.set(SAMPLE.subarray(i, i + n));
    p.push(buf.subarray(0, n));
    buf.fill(0x21);
  }
  p.end();
  assert.deepEqual(got, parseExport(SAMPLE));
});

test('serializeEntries writes what parseExport reads (text where printable, binary otherwise)', () => {
  const entries = parseExport(SAMPLE);
  assert.deepEqual(parseExport(serializeEntries(entries)), entries);
  const e = entryOf([
    ['A', 'x\ty'],
    ['B', 'line\nbreak'],
    ['C', Uint8Array.of(0xc3, 0x28)],
    ['D', 'é'],
  ]);
  const text = Buffer.from(serializeEntries([e])).toString('latin1');
  assert.ok(text.startsWith('A=x\ty\nB\n'));
  assert.ok(text.includes('D=\xc3\xa9\n'));
});

test('invalid field names are dropped and counted, blank lines between entries are skipped', () => {
  const got: JournalEntry[] = [];
  const p = new ExportParser((e) => got.push(e));
  p.push(u8('\n\nlower=x\n1ABC=y\nOK=z\n=v\n'));
  p.push(bin('bad-name', u8('q')));
  p.push(u8(`${'A'.repeat(65)}=long\n\n\n`));
  p.end();
  assert.equal(got.length, 1);
  assert.deepEqual(
    got[0]!.fields.map((f) => f.name),
    ['OK'],
  );
  assert.equal(p.stats.droppedFields, 5);
  assert.equal(p.stats.entries, 1);
});

test('a stream ending inside an entry: JOURNAL_EXPORT_TRUNCATED with the trailing byte count, earlier entries kept', () => {
  const got: JournalEntry[] = [];
  const p = new ExportParser((e) => got.push(e));
  p.push(u8('A=1\n\nB=2\nC=3'));
  assert.equal(got.length, 1);
  assert.throws(
    () => p.end(),
    (e: unknown) =>
      e instanceof AppError && e.code === 'JOURNAL_EXPORT_TRUNCATED' && /7 bytes of trailing/.test(e.message),
  );
  // A truncated binary length, and a binary value cut short.
  assert.equal(
    codeOf(() => parseExport(cat(u8('A=1\n\nB\n'), le64(10).subarray(0, 3)))),
    'JOURNAL_EXPORT_TRUNCATED',
  );
  assert.equal(
    codeOf(() => parseExport(cat(u8('B\n'), le64(10), u8('abc')))),
    'JOURNAL_EXPORT_TRUNCATED',
  );
  // The last entry without its blank line is incomplete too.
  assert.equal(
    codeOf(() => parseExport(u8('A=1\n'))),
    'JOURNAL_EXPORT_TRUNCATED',
  );
});

test('a binary value not followed by a newline is JOURNAL_EXPORT_INVALID, with the offset', () => {
  const p = new ExportParser(() => {});
  assert.throws(
    () => p.push(cat(u8('B\n'), le64(2), u8('abX'))),
    (e: unknown) =>
      e instanceof AppError && e.code === 'JOURNAL_EXPORT_INVALID' && (e.details as { offset: number }).offset === 12,
  );
  // The parser refuses more input after a failure.
  assert.equal(
    codeOf(() => p.push(u8('\n'))),
    'JOURNAL_EXPORT_INVALID',
  );
});

test('limits: a field, an entry, or a field count over them is JOURNAL_ENTRY_TOO_LARGE before the bytes arrive', () => {
  const limits = { maxFieldBytes: 100, maxEntryBytes: 250, maxFields: 10 };
  // A binary length of 2^63 is refused from the length alone.
  assert.equal(
    codeOf(() => new ExportParser(() => {}, limits).push(cat(u8('B\n'), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80)))),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  assert.equal(
    codeOf(() => new ExportParser(() => {}, limits).push(cat(u8('B\n'), le64(101)))),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  assert.equal(
    codeOf(() => parseExport(u8(`A=${'x'.repeat(101)}\n\n`), limits)),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  assert.equal(parseExport(u8(`A=${'x'.repeat(100)}\n\n`), limits).length, 1);
  // A text line that never ends is refused once it is longer than a field may be.
  const p = new ExportParser(() => {}, limits);
  assert.equal(
    codeOf(() => {
      for (let i = 0; i < 100; i++) p.push(u8('AAAAAAAAAA'));
    }),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  assert.equal(
    codeOf(() => parseExport(u8(`A=${'x'.repeat(90)}\nB=${'x'.repeat(90)}\nC=${'x'.repeat(90)}\n\n`), limits)),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  const many = Array.from({ length: 11 }, (_, i) => `F${i}=v\n`).join('') + '\n';
  assert.equal(
    codeOf(() => parseExport(u8(many), limits)),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
  assert.equal(parseExport(u8(Array.from({ length: 10 }, (_, i) => `F${i}=v\n`).join('') + '\n'), limits).length, 1);
  // 10 000 fields in one entry with the default limits.
  const huge = Array.from({ length: 10000 }, (_, i) => `F${i}=v\n`).join('') + '\n';
  assert.equal(
    codeOf(() => parseExport(u8(huge))),
    'JOURNAL_ENTRY_TOO_LARGE',
  );
});

test('parseExportStream yields the complete entries before an error, then throws it', async () => {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield u8('A=1\n\nB=2\n');
    yield u8('\nC\n');
    yield cat(le64(1), u8('xY'));
  }
  const got: string[] = [];
  await assert.rejects(
    async () => {
      for await (const e of parseExportStream(chunks())) got.push(e.fields[0]!.name);
    },
    (e: unknown) => e instanceof AppError && e.code === 'JOURNAL_EXPORT_INVALID',
  );
  assert.deepEqual(got, ['A', 'B']);
});
