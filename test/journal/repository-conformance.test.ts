/**
 * The journal store's conformance suite, run over the memory store, SQLite
 * and a real PostgreSQL: table cases, then fast-check properties holding
 * SQLite and PostgreSQL to the memory store (whose answers are matchesQuery's
 * by construction) for random entries, match expressions, time ranges, greps,
 * paging, repeats and retention.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MemoryJournalRepository } from '../../src/adapters/memory/journal-repository.js';
import { dbJournalRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import {
  bytesOf,
  encodeEntry,
  entryOf,
  entrySize,
  firstString,
  realtimeOf,
  serializeEntries,
  type AppendResult,
  type JournalEntry,
  type JournalQuery,
  type JournalRepository,
  type MatchExpr,
} from '../../src/journal/index.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

interface Subject {
  readonly repo: JournalRepository;
  close(): Promise<void>;
}

type Factory = () => Promise<Subject>;

let pg: PostgresServer | undefined;
const dirs: string[] = [];
let dbCount = 0;

const factories: Record<string, Factory> = {
  memory: async () => ({ repo: new MemoryJournalRepository(), close: async () => {} }),
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hull-journal-store-'));
    dirs.push(dir);
    const store = await openStore({ dataDir: dir });
    return { repo: dbJournalRepository(store), close: () => store.close() };
  },
  // The same store with index values and grep literals counted as common past 2 entries: the exact test decides them.
  'sqlite (common past 2)': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hull-journal-store-'));
    dirs.push(dir);
    const store = await openStore({ dataDir: dir });
    return { repo: dbJournalRepository(store, { commonRows: 2 }), close: () => store.close() };
  },
  postgres: async () => {
    pg ??= await startPostgres();
    const url = await pg.createDatabase(`journal_${++dbCount}`);
    const store: DbStore = await openStore({ databaseUrl: url, poolSize: 2 });
    return { repo: dbJournalRepository(store), close: () => store.close() };
  },
};

after(async () => {
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const e = (t: number | undefined, extra: Array<[string, string | Uint8Array]>, cursor?: string): JournalEntry =>
  entryOf([
    ...(cursor ? [['__CURSOR', cursor] as [string, string]] : []),
    ...(t === undefined ? [] : [['__REALTIME_TIMESTAMP', String(t)] as [string, string]]),
    ...extra,
  ]);
const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
const msg = (en: JournalEntry) =>
  Buffer.from(en.fields.find((x) => x.name === 'MESSAGE')?.value ?? new Uint8Array()).toString();

for (const [name, make] of Object.entries(factories)) {
  describe(`journal store conformance: ${name}`, () => {
    let s: Subject;
    before(async () => {
      s = await make();
    });
    after(() => s.close());

    test('order, repeats, matches, time, grep, paging, hosts, boots, field values, delete', async () => {
      const repo = s.repo;
      const bin = new Uint8Array([0, 1, 2, 255, 10, 61]);
      await repo.append(
        'b',
        [
          e(
            20,
            [
              ['_SYSTEMD_UNIT', 'x.service'],
              ['MESSAGE', 'two'],
              ['PRIORITY', '3'],
              ['_BOOT_ID', 'b1'],
              ['BLOB', bin],
            ],
            'c2',
          ),
        ],
        1n,
      );
      await repo.append(
        'a',
        [
          e(
            10,
            [
              ['_SYSTEMD_UNIT', 'y.service'],
              ['MESSAGE', 'One'],
              ['PRIORITY', '6'],
              ['_BOOT_ID', 'a1'],
            ],
            'c1',
          ),
          e(30, [
            ['MESSAGE', 'three error here'],
            ['_BOOT_ID', 'a2'],
          ]),
        ],
        2n,
      );
      const again = await repo.append(
        'b',
        [
          e(20, [['MESSAGE', 'two']], 'c2'),
          e(
            25,
            [
              ['MESSAGE', 'late'],
              ['_SYSTEMD_UNIT', 'x.service'],
              ['_SYSTEMD_UNIT', 'z.service'],
              ['_BOOT_ID', 'b1'],
            ],
            'c3',
          ),
        ],
        3n,
      );
      assert.equal(again.duplicates, 1);
      assert.equal(again.stored.length, 1);
      // The same cursor from another host is another entry.
      assert.equal((await repo.append('c', [e(5, [['MESSAGE', 'from c']], 'c2')], 4n)).stored.length, 1);
      await repo.append('c', [e(undefined, [['MESSAGE', 'no time']])], 5n);

      const msgs = async (q: JournalQuery) => (await repo.query(q)).entries.map((x) => msg(x.entry));
      assert.deepEqual(await msgs({}), ['no time', 'from c', 'One', 'two', 'late', 'three error here']);
      assert.deepEqual(await msgs({ reverse: true, limit: 2 }), ['three error here', 'late']);
      assert.deepEqual(
        await msgs({ where: { kind: 'or', of: [f('_SYSTEMD_UNIT', 'x.service'), f('PRIORITY', '6')] } }),
        ['One', 'two', 'late'],
      );
      assert.deepEqual(
        await msgs({ where: f('_SYSTEMD_UNIT', 'z.service') }),
        ['late'],
        'a second value of a column field',
      );
      assert.deepEqual(
        await msgs({ where: { kind: 'field', name: 'BLOB', value: bin } }),
        ['two'],
        'binary values compared as bytes',
      );
      assert.deepEqual(
        await msgs({ where: { kind: 'and', of: [f('_SYSTEMD_UNIT', 'x.service'), f('PRIORITY', '3')] } }),
        ['two'],
      );
      assert.deepEqual(await msgs({ where: { kind: 'host', host: 'a' } }), ['One', 'three error here']);
      assert.deepEqual(await msgs({ where: { kind: 'or', of: [] } }), []);
      assert.deepEqual(await msgs({ since: 20n, until: 25n }), ['two', 'late']);
      assert.deepEqual(await msgs({ until: 9n }), ['from c'], 'an entry without time fails every bound');
      assert.deepEqual(await msgs({ grep: { source: 'one', flags: 'i' } }), ['One']);
      assert.deepEqual(await msgs({ grep: { source: 'one', flags: '' } }), []);
      assert.deepEqual(await msgs({ grep: { source: 'ERROR', flags: 'i' } }), ['three error here']);
      assert.deepEqual(await msgs({ grep: { source: 'ERROR', flags: '' } }), []);
      assert.deepEqual(await msgs({ grep: { source: 'thr(ee|x) err', flags: '' } }), ['three error here']);

      const p1 = await repo.query({ limit: 4 });
      assert.ok(p1.next);
      const p2 = await repo.query({ limit: 4, after: p1.next });
      assert.deepEqual(
        p2.entries.map((x) => msg(x.entry)),
        ['late', 'three error here'],
      );
      assert.equal(p2.next, null);
      const r1 = await repo.query({ limit: 2, reverse: true });
      assert.deepEqual(
        (await repo.query({ limit: 2, reverse: true, after: r1.next! })).entries.map((x) => msg(x.entry)),
        ['two', 'One'],
      );

      const stored = (await repo.query({ where: f('BLOB', '') })).entries;
      assert.equal(stored.length, 0);
      const two = (await repo.query({ grep: { source: '^two$', flags: '' } })).entries[0]!;
      assert.equal(two.host, 'b');
      assert.equal(two.receivedAt, 1n);
      assert.deepEqual(
        encodeEntry(two.entry),
        encodeEntry(
          e(
            20,
            [
              ['_SYSTEMD_UNIT', 'x.service'],
              ['MESSAGE', 'two'],
              ['PRIORITY', '3'],
              ['_BOOT_ID', 'b1'],
              ['BLOB', bin],
            ],
            'c2',
          ),
        ),
        'every field with its exact bytes, in order',
      );

      assert.deepEqual(
        (await repo.hosts()).map((h) => [h.host, h.entries, h.boots, h.firstRealtime, h.lastRealtime]),
        [
          ['a', 2, 2, 10n, 30n],
          ['b', 2, 1, 20n, 25n],
          ['c', 2, 0, 5n, 5n],
        ],
      );
      assert.deepEqual(
        (await repo.boots('a')).map((b) => [b.bootId, b.entries]),
        [
          ['a1', 1],
          ['a2', 1],
        ],
      );
      assert.deepEqual(
        (await repo.fieldValues('_SYSTEMD_UNIT')).map((v) => Buffer.from(v).toString()),
        ['y.service', 'x.service', 'z.service'],
      );
      assert.deepEqual(
        (await repo.fieldValues('PRIORITY', { where: { kind: 'host', host: 'b' } })).map((v) =>
          Buffer.from(v).toString(),
        ),
        ['3'],
      );
      assert.equal(await repo.deleteHost('a'), 2);
      assert.equal((await repo.stats()).entries, 4);
      assert.deepEqual(
        (await repo.hosts()).map((h) => h.host),
        ['b', 'c'],
      );
      await hostsAsEntries(repo);
      assert.deepEqual(await msgs({ where: f('_BOOT_ID', 'a1') }), []);
    });

    test("receive: an upload's framed bytes are stored as append stores them; onStored tells the positions and repeats", async () => {
      const t = await make();
      try {
        const repo = t.repo;
        await repo.append('h', [e(10, [['MESSAGE', 'one']], 'k1')], 1n);
        const told: AppendResult[] = [];
        const batch = (entries: JournalEntry[]) => {
          const bytes = serializeEntries(entries);
          let dataBytes = 0;
          for (const en of entries) dataBytes += entrySize(en);
          return { bytes, entries: entries.length, dataBytes };
        };
        // A repeat of an appended entry, then a repeat across two batches (an uploader resuming at its cursor).
        await repo.receive(
          'h',
          batch([e(20, [['MESSAGE', 'two']], 'k2'), e(10, [['MESSAGE', 'one']], 'k1')]),
          2n,
          (r) => told.push(r),
        );
        await repo.receive(
          'h',
          batch([e(30, [['MESSAGE', 'three']], 'k3'), e(20, [['MESSAGE', 'two']], 'k2')]),
          3n,
          (r) => told.push(r),
        );
        await repo.receive(
          'g',
          batch([
            e(15, [
              ['MESSAGE', 'other host'],
              ['_SYSTEMD_UNIT', 'u.service'],
            ]),
          ]),
          4n,
        );
        await repo.sync();
        const page = await repo.query({});
        assert.deepEqual(
          page.entries.map((x) => msg(x.entry)),
          ['one', 'other host', 'two', 'three'],
        );
        assert.deepEqual(
          page.entries.map((x) => [x.host, x.receivedAt]),
          [
            ['h', 1n],
            ['g', 4n],
            ['h', 2n],
            ['h', 3n],
          ],
        );
        assert.deepEqual(
          (await repo.query({ where: f('_SYSTEMD_UNIT', 'u.service') })).entries.map((x) => msg(x.entry)),
          ['other host'],
          'the match index holds received entries',
        );
        assert.deepEqual(
          (await repo.query({ grep: { source: 'thr', flags: '' } })).entries.map((x) => msg(x.entry)),
          ['three'],
          'so does the full-text index',
        );
        assert.deepEqual(
          told.map((r) => [r.stored.map((x) => msg(x.entry)), r.duplicates]),
          [
            [['two'], 1],
            [['three'], 1],
          ],
        );
        const byPosition = new Map(page.entries.map((x) => [x.position, msg(x.entry)]));
        for (const r of told) for (const x of r.stored) assert.equal(byPosition.get(x.position), msg(x.entry));
        const hosts = await repo.hosts();
        assert.deepEqual(
          hosts.map((h) => [h.host, h.entries]),
          [
            ['g', 1],
            ['h', 3],
          ],
        );
        assert.equal((await repo.stats()).entries, 4);
      } finally {
        await t.close();
      }
    });

    test('retention: by age, by size per host, by size in all', async () => {
      const t = await make();
      try {
        const repo = t.repo;
        const big = 'x'.repeat(100);
        for (const h of ['h1', 'h2']) {
          await repo.append(
            h,
            [1, 2, 3, 4, 5].map((i) => e(i * 10, [['MESSAGE', `${h}-${i}-${big}`]])),
            100n,
          );
        }
        await repo.append('h3', [e(undefined, [['MESSAGE', 'old, no time']])], 5n);
        await repo.append(
          'h1',
          [
            e(60, [
              ['_BOOT_ID', 'late'],
              ['MESSAGE', `h1-6-${big}`],
            ]),
          ],
          100n,
        );
        await hostsAsEntries(repo);
        const r0 = await repo.prune({ before: 61n });
        assert.equal(r0.deletedByAge, 12); // all of h1 (the one at 60 too) and h2, and h3
        assert.deepEqual(
          (await repo.hosts()).map((h) => [h.host, h.entries, h.boots, h.firstRealtime, h.lastRealtime]),
          [],
          'hosts without entries are gone',
        );
        for (const h of ['h1', 'h2']) {
          await repo.append(
            h,
            [1, 2, 3, 4, 5].map((i) =>
              e(i * 10, [
                ['_BOOT_ID', `${h}-${i % 2}`],
                ['MESSAGE', `${h}-${i}-${big}`],
              ]),
            ),
            100n,
          );
        }
        await repo.append('h3', [e(undefined, [['MESSAGE', 'old, no time']])], 5n);
        await hostsAsEntries(repo);
        const r1 = await repo.prune({ before: 20n });
        assert.equal(r1.deletedByAge, 3); // h1-1, h2-1, and h3's (received at 5)
        await hostsAsEntries(repo);
        const size = (await repo.stats()).bytes / 8;
        const r2 = await repo.prune({ hostMaxBytes: Math.floor(size * 3) });
        assert.equal(r2.deletedBySize, 2);
        await hostsAsEntries(repo);
        const r3 = await repo.prune({ maxBytes: Math.floor(size * 3) });
        assert.equal(r3.deletedBySize, 3);
        await hostsAsEntries(repo);
        assert.deepEqual(
          (await repo.query({})).entries.map((x) => msg(x.entry).slice(0, 5)),
          ['h2-4-', 'h1-5-', 'h2-5-'],
        );
      } finally {
        await t.close();
      }
    });
  });
}

/** hosts() (a store keeps it as a summary) says what the stored entries say: count, bytes, first/last time, boots. */
async function hostsAsEntries(repo: JournalRepository, hostPrefix = ''): Promise<void> {
  const want = new Map<
    string,
    { entries: number; bytes: number; first: bigint | null; last: bigint | null; boots: Set<string> }
  >();
  for (const s of (await repo.query({})).entries) {
    if (!s.host.startsWith(hostPrefix)) continue;
    const h = want.get(s.host) ?? { entries: 0, bytes: 0, first: null, last: null, boots: new Set<string>() };
    want.set(s.host, h);
    h.entries++;
    h.bytes += entrySize(s.entry);
    const t = realtimeOf(s.entry);
    if (t !== undefined) {
      if (h.first === null || t < h.first) h.first = t;
      if (h.last === null || t > h.last) h.last = t;
    }
    const b = firstString(s.entry, '_BOOT_ID');
    if (b !== undefined) h.boots.add(b);
  }
  const got = (await repo.hosts())
    .filter((h) => h.host.startsWith(hostPrefix))
    .map((h) => [h.host, h.entries, h.bytes, h.firstRealtime, h.lastRealtime, h.boots]);
  const expected = [...want.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([host, h]) => [host, h.entries, h.bytes, h.first, h.last, h.boots.size]);
  assert.deepEqual(got, expected, 'hosts() against the stored entries');
}

// ---- properties: SQLite and PostgreSQL answer as the memory store ----

const HOSTS = ['a', 'b', 'c'];
const UNITS = ['x.service', 'y.service', 'z.socket'];
const WORDS = ['error', 'Error', 'warn', 'disk', 'full', 'ok', 'Ünïcode', 'a.b', 'x'];
const GREPS: Array<{ source: string; flags: '' | 'i' }> = [
  { source: 'error', flags: '' },
  { source: 'error', flags: 'i' },
  { source: 'disk full', flags: '' },
  { source: 'err|warn', flags: 'i' },
  { source: '^ok', flags: '' },
  { source: 'a\\.b', flags: '' },
  { source: 'dis?k', flags: 'i' },
  { source: '(disk|full) ok', flags: '' },
  { source: 'ünï', flags: 'i' },
  { source: 'x+', flags: '' },
];

const fieldArb = fc.oneof(
  fc.tuple(fc.constant('_SYSTEMD_UNIT'), fc.constantFrom(...UNITS)),
  fc.tuple(fc.constant('PRIORITY'), fc.constantFrom('0', '3', '6', '7')),
  fc.tuple(fc.constant('SYSLOG_IDENTIFIER'), fc.constantFrom('kernel', 'sshd')),
  fc.tuple(fc.constant('_BOOT_ID'), fc.constantFrom('b1', 'b2')),
  fc.tuple(fc.constant('_PID'), fc.constantFrom('1', '42')),
  fc.tuple(fc.constant('UNIT'), fc.constantFrom(...UNITS)),
  fc.tuple(fc.constant('X'), fc.constantFrom('1', '2', '')),
  fc.tuple(
    fc.constant('MESSAGE'),
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  ),
);

const entryArb = fc.record({
  host: fc.constantFrom(...HOSTS),
  t: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  cursor: fc.option(
    fc.integer({ min: 0, max: 15 }).map((n) => `s=1;i=${n}`),
    { nil: undefined },
  ),
  fields: fc.array(fieldArb, { maxLength: 6 }),
});

const leafArb: fc.Arbitrary<MatchExpr> = fc.oneof(
  fieldArb.map(([n, v]) => f(n, v)),
  fc.constantFrom(...HOSTS).map((host) => ({ kind: 'host' as const, host })),
);
const exprArb: fc.Arbitrary<MatchExpr> = fc.letrec<{ expr: MatchExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ kind: fc.constant('and' as const), of: fc.array(tie('expr'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('or' as const), of: fc.array(tie('expr'), { maxLength: 3 }) }),
  ),
})).expr;

const queryArb = fc.record(
  {
    where: exprArb,
    since: fc.integer({ min: 0, max: 20 }).map(BigInt),
    until: fc.integer({ min: 0, max: 20 }).map(BigInt),
    grep: fc.constantFrom(...GREPS),
    reverse: fc.boolean(),
    limit: fc.integer({ min: 1, max: 6 }),
  },
  { requiredKeys: [] },
);

type Batch = { host: string; entries: JournalEntry[] };
const batchesArb = fc.array(entryArb, { maxLength: 30 }).chain((list) =>
  fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }).map((cuts) => {
    const out: Batch[] = [];
    let i = 0;
    for (const c of cuts) {
      const part = list.slice(i, i + c);
      i += c;
      for (const host of HOSTS) {
        const es = part.filter((x) => x.host === host).map((x) => e(x.t, x.fields, x.cursor));
        if (es.length) out.push({ host, entries: es });
      }
    }
    const rest = list.slice(i);
    for (const host of HOSTS) {
      const es = rest.filter((x) => x.host === host).map((x) => e(x.t, x.fields, x.cursor));
      if (es.length) out.push({ host, entries: es });
    }
    return out;
  }),
);

/** Every page of a query, as (host, entry bytes) strings, following `next`. */
async function pages(repo: JournalRepository, q: JournalQuery): Promise<string[][]> {
  const out: string[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await repo.query({ ...q, ...(after !== undefined ? { after } : {}) });
    out.push(page.entries.map((s) => `${s.host}|${Buffer.from(encodeEntry(s.entry)).toString('hex')}`));
    if (page.next === null) break;
    after = page.next;
  }
  return out;
}

for (const name of ['sqlite', 'sqlite (common past 2)', 'postgres']) {
  test(`journal store property: ${name} answers every query as the memory store`, async () => {
    const subject = await factories[name]!();
    let round = 0;
    try {
      await fc.assert(
        fc.asyncProperty(batchesArb, fc.array(queryArb, { minLength: 1, maxLength: 6 }), async (batches, queries) => {
          // One store for all runs: each run writes under its own host prefix.
          const prefix = `r${++round}-`;
          const mem = new MemoryJournalRepository();
          for (const [i, b] of batches.entries()) {
            const got = await subject.repo.append(prefix + b.host, b.entries, BigInt(i));
            const want = await mem.append(prefix + b.host, b.entries, BigInt(i));
            assert.equal(got.duplicates, want.duplicates);
            assert.equal(got.stored.length, want.stored.length);
          }
          const scoped = (q: JournalQuery): JournalQuery => {
            const hosts: MatchExpr = {
              kind: 'or',
              of: HOSTS.map((h) => ({ kind: 'host' as const, host: prefix + h })),
            };
            const renamed = q.where ? renameHosts(q.where, prefix) : undefined;
            return { ...q, where: renamed ? { kind: 'and', of: [hosts, renamed] } : hosts };
          };
          for (const q of queries) {
            const want = await pages(mem, scoped(q));
            const got = await pages(subject.repo, scoped(q));
            assert.deepEqual(
              got,
              want,
              JSON.stringify(q, (_k, v) =>
                typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString() : v,
              ),
            );
          }
          await hostsAsEntries(subject.repo, prefix);
          const fvWant = (await mem.fieldValues('_SYSTEMD_UNIT', scoped(queries[0]!))).map((v) =>
            Buffer.from(v).toString(),
          );
          const fvGot = (await subject.repo.fieldValues('_SYSTEMD_UNIT', scoped(queries[0]!))).map((v) =>
            Buffer.from(v).toString(),
          );
          assert.deepEqual(fvGot, fvWant);
        }),
        { numRuns: name.startsWith('sqlite') ? 150 : 60 },
      );
    } finally {
      await subject.close();
    }
  });
}

function renameHosts(x: MatchExpr, prefix: string): MatchExpr {
  if (x.kind === 'host') return { kind: 'host', host: prefix + x.host };
  if (x.kind === 'and' || x.kind === 'or') return { kind: x.kind, of: x.of.map((y) => renameHosts(y, prefix)) };
  return x;
}
