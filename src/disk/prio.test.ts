import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { GptPartition, GptTable } from './gpt/types.js';
import { getPrio, gptprioNext, markSuccessful, prepareSlot, prioritize, rollback, setPrio } from './prio.js';
import { USR_TYPE_GUID } from './gpt/type-guids.js';

const slot = (number: number, priority: number, tries: number, successful: boolean): GptPartition => ({
  number,
  name: number === 3 ? 'USR-A' : 'USR-B',
  typeGuid: USR_TYPE_GUID,
  guid: number === 3 ? '7130c94a-213a-4e5a-8e26-6cce9662f132' : 'e03dd35c-7c2d-4a47-b3fe-27f15780a57c',
  firstLba: BigInt(number * 1000),
  lastLba: BigInt(number * 1000 + 999),
  attributes: setPrio(0n, { priority, tries, successful }),
});

const disk = (...parts: GptPartition[]): GptTable => ({
  sectorSize: 512,
  totalSectors: 100000n,
  diskGuid: '00000000-0000-0000-0000-000000000001',
  firstUsableLba: 34n,
  lastUsableLba: 99966n,
  entryCount: 128,
  entrySize: 128,
  partitions: parts,
});

test('attribute bits: examples from the notes', () => {
  assert.equal(setPrio(0n, { priority: 1, successful: true }), 0x0101000000000000n);
  assert.equal(setPrio(0n, { priority: 2, tries: 1 }), 0x0012000000000000n);
  assert.deepEqual(getPrio(0x0012000000000000n), { priority: 2, tries: 1, successful: false });
  // other bits are kept
  assert.equal(
    setPrio((1n << 63n) | 4n, { priority: 15, tries: 15, successful: true }),
    (1n << 63n) | 4n | 0x01ff000000000000n,
  );
});

test('gptprio.next over every priority/tries/successful combination of two slots', () => {
  let n = 0;
  for (let pa = 0; pa < 16; pa++)
    for (let ta = 0; ta < 16; ta++)
      for (const sa of [false, true])
        for (let pb = 0; pb < 16; pb++)
          for (let tb = 0; tb < 16; tb++)
            for (const sb of [false, true]) {
              const t = disk(slot(3, pa, ta, sa), slot(4, pb, tb, sb));
              const okA = (ta > 0 || sa) && pa > 0;
              const okB = (tb > 0 || sb) && pb > 0;
              const want = okA && okB ? (pb > pa ? 4 : 3) : okA ? 3 : okB ? 4 : undefined;
              const got = gptprioNext(t);
              assert.equal(got?.partition.number, want, `A p${pa} t${ta} s${sa} / B p${pb} t${tb} s${sb}`);
              if (got) {
                const before = want === 3 ? ta : tb;
                assert.equal(getPrio(got.partition.attributes).tries, Math.max(0, before - 1));
                assert.equal(got.changed, before > 0);
                const other = got.table.partitions.find((p) => p.number !== want)!;
                assert.equal(other.attributes, t.partitions.find((p) => p.number !== want)!.attributes);
              }
              n++;
            }
  assert.equal(n, 512 * 512);
});

test('non-usr partitions are ignored by gptprio.next', () => {
  const other = { ...slot(1, 15, 15, true), typeGuid: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b' };
  assert.equal(gptprioNext(disk(other, slot(3, 1, 0, true)))?.partition.number, 3);
});

test('the worked update sequence of the notes', () => {
  let t = disk(slot(3, 1, 0, true), slot(4, 0, 0, false));
  t = prepareSlot(t, 4);
  assert.deepEqual(
    t.partitions.map((p) => getPrio(p.attributes)),
    [
      { priority: 1, tries: 0, successful: true },
      { priority: 2, tries: 1, successful: false },
    ],
  );
  const boot = gptprioNext(t)!;
  assert.equal(boot.partition.number, 4);
  t = markSuccessful(boot.table, 4);
  assert.deepEqual(getPrio(t.partitions[1]!.attributes), { priority: 2, tries: 0, successful: true });
  // failure path: B never marked good → A boots next, setgoodroot on A gives A p2, B p1
  let f = gptprioNext(prepareSlot(disk(slot(3, 1, 0, true), slot(4, 0, 0, false)), 4))!.table;
  const again = gptprioNext(f)!;
  assert.equal(again.partition.number, 3);
  f = markSuccessful(again.table, 3);
  assert.deepEqual(
    f.partitions.map((p) => getPrio(p.attributes).priority),
    [2, 1],
  );
});

test('property: after an update is written and the new slot fails to boot N times, the old slot boots again', () => {
  const prio = fc.record({ priority: fc.integer({ min: 1, max: 15 }), tries: fc.integer({ min: 0, max: 15 }) });
  const anyPrio = fc.record({
    priority: fc.integer({ min: 0, max: 15 }),
    tries: fc.integer({ min: 0, max: 15 }),
    successful: fc.boolean(),
  });
  fc.assert(
    fc.property(prio, anyPrio, fc.boolean(), fc.integer({ min: 1, max: 20 }), (a, b, oldIsA, failures) => {
      const [oldN, newN] = oldIsA ? [3, 4] : [4, 3];
      const old = slot(oldN, a.priority, a.tries, true);
      const neu = slot(newN, b.priority, b.tries, b.successful);
      let t = disk(...[old, neu].sort((x, y) => x.number - y.number));
      t = prepareSlot(t, newN);
      const first = gptprioNext(t)!;
      assert.equal(first.partition.number, newN, 'the updated slot is tried first');
      t = first.table;
      for (let i = 0; i < failures; i++) {
        const next = gptprioNext(t)!;
        assert.equal(next.partition.number, oldN, 'the old slot boots after a failed try');
        t = next.table;
      }
    }),
  );
});

test('prioritize: compacts, drops priority-0 group, honours -P', () => {
  const t = disk(slot(3, 5, 0, true), slot(4, 0, 0, false));
  assert.deepEqual(
    prioritize(t).partitions.map((p) => getPrio(p.attributes).priority),
    [1, 0],
  );
  assert.deepEqual(
    prioritize(t, 4).partitions.map((p) => getPrio(p.attributes).priority),
    [1, 2],
  );
  assert.deepEqual(
    prioritize(t, 4, { max: 9 }).partitions.map((p) => getPrio(p.attributes).priority),
    [8, 9],
  );
});

test('rollback refuses with a reason, otherwise makes the other slot the target', () => {
  const never = rollback(disk(slot(3, 1, 0, true), slot(4, 0, 0, false)), 3);
  assert.equal(never.ok, false);
  assert.match(!never.ok ? never.reason : '', /never written/);
  const zero = rollback(disk(slot(3, 1, 0, true), slot(4, 0, 0, true)), 3);
  assert.match(!zero.ok ? zero.reason : '', /priority 0/);
  const good = rollback(disk(slot(3, 2, 0, true), slot(4, 1, 0, true)), 3);
  assert.ok(good.ok);
  assert.equal(gptprioNext(good.table)?.partition.number, 4);
});
