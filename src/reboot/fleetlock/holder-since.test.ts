import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyHolderChange,
  encodeHolderSince,
  holderSinceKey,
  parseHolderSince,
  sinceOfHolders,
} from './holder-since.js';

test("holder-since: its own key beside airlock's, sorted encoding, tolerant parsing, add/remove, only current holders", () => {
  assert.equal(holderSinceKey('web nodes'), 'hull/fleetlock/groups/web+nodes/v1/holder-since');
  assert.equal(
    encodeHolderSince({ b: '2026-01-01T00:00:00.000Z', a: '2026-01-02T00:00:00.000Z' }),
    '{"a":"2026-01-02T00:00:00.000Z","b":"2026-01-01T00:00:00.000Z"}',
  );
  for (const bad of ['', 'x', 'null', '[]', '"s"', '3']) assert.deepEqual(parseHolderSince(bad), {});
  assert.deepEqual(parseHolderSince('{"a":"2026-01-01T00:00:00Z","b":5,"c":"not a time"}'), {
    a: '2026-01-01T00:00:00Z',
  });
  let m = applyHolderChange({}, { kind: 'added', id: 'a', at: 'T1' });
  m = applyHolderChange(m, { kind: 'added', id: 'b', at: 'T2' });
  assert.deepEqual(applyHolderChange(m, { kind: 'removed', id: 'a' }), { b: 'T2' });
  assert.deepEqual(applyHolderChange(m, { kind: 'removed', id: 'zz' }), m);
  assert.deepEqual(sinceOfHolders(m, ['b', 'z']), { b: 'T2' });
  assert.deepEqual(sinceOfHolders({ ['__proto__']: 'x' } as Record<string, string>, ['toString']), {});
});
