import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryJournalRepository } from '../../src/adapters/memory/journal-repository.js';
import { bytesOf, entryOf, LocalJournalTail, type JournalEntry, type MatchExpr } from '../../src/journal/index.js';

const e = (t: number, extra: Array<[string, string]>, cursor?: string): JournalEntry =>
  entryOf([
    ...(cursor ? [['__CURSOR', cursor] as [string, string]] : []),
    ['__REALTIME_TIMESTAMP', String(t)],
    ...extra,
  ]);

const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });

test('memory journal store: order by time across hosts, repeats by cursor dropped, matches as journalctl combines them', async () => {
  const repo = new MemoryJournalRepository();
  await repo.append(
    'b',
    [
      e(
        20,
        [
          ['_SYSTEMD_UNIT', 'x.service'],
          ['MESSAGE', 'two'],
          ['PRIORITY', '3'],
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
        ],
        'c1',
      ),
      e(30, [['MESSAGE', 'three']]),
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
        ],
        'c3',
      ),
    ],
    3n,
  );
  assert.equal(again.duplicates, 1);
  assert.equal(again.stored.length, 1);

  const msgs = async (q: Parameters<MemoryJournalRepository['query']>[0]) =>
    (await repo.query(q)).entries.map((s) =>
      Buffer.from(s.entry.fields.find((x) => x.name === 'MESSAGE')!.value).toString(),
    );
  assert.deepEqual(await msgs({}), ['One', 'two', 'late', 'three']);
  assert.deepEqual(await msgs({ reverse: true, limit: 2 }), ['three', 'late']);
  assert.deepEqual(await msgs({ where: { kind: 'or', of: [f('_SYSTEMD_UNIT', 'x.service'), f('PRIORITY', '6')] } }), [
    'One',
    'two',
    'late',
  ]);
  assert.deepEqual(await msgs({ where: { kind: 'and', of: [f('_SYSTEMD_UNIT', 'x.service'), f('PRIORITY', '3')] } }), [
    'two',
  ]);
  assert.deepEqual(await msgs({ where: { kind: 'host', host: 'a' } }), ['One', 'three']);
  assert.deepEqual(await msgs({ since: 20n, until: 25n }), ['two', 'late']);
  assert.deepEqual(await msgs({ grep: { source: 'one', flags: 'i' } }), ['One']);
  assert.deepEqual(await msgs({ grep: { source: 'one', flags: '' } }), []);

  const p1 = await repo.query({ limit: 3 });
  assert.ok(p1.next);
  const p2 = await repo.query({ limit: 3, after: p1.next });
  assert.deepEqual(p2.entries.length, 1);
  assert.equal(p2.next, null);

  assert.deepEqual(
    (await repo.hosts()).map((h) => [h.host, h.entries]),
    [
      ['a', 2],
      ['b', 2],
    ],
  );
  assert.equal(await repo.deleteHost('a'), 2);
  assert.equal((await repo.stats()).entries, 2);
});

test('local tail: subscribers get what is published until they unsubscribe', () => {
  const tail = new LocalJournalTail();
  const got: number[] = [];
  const off = tail.subscribe((es) => got.push(es.length));
  tail.publish([{ position: 'm1', host: 'h', receivedAt: 0n, entry: e(1, []) }]);
  off();
  tail.publish([{ position: 'm2', host: 'h', receivedAt: 0n, entry: e(2, []) }]);
  assert.deepEqual(got, [1]);
});
