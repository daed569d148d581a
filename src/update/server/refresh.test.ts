import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InstanceStatus } from './model.js';
import { isFreshCheckIn, REFRESH_AFTER_MS } from './refresh.js';
import type { InstanceCheckIn, InstanceRow } from './repository.js';

const LAST = '2026-12-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(LAST) + ms);
const known: InstanceRow = {
  instance: {
    id: 'm1',
    ip: '10.0.0.1',
    alias: 'web-1',
    oem: 'qemu',
    oemVersion: '0.0.1',
    alephVersion: '1000.0.0',
    createdAt: LAST,
  },
  app: {
    instanceId: 'm1',
    appId: 'a',
    groupId: 'g',
    version: '1000.0.1',
    status: InstanceStatus.Complete,
    lastCheckAt: LAST,
    lastUpdateGrantedAt: null,
    lastUpdateVersion: null,
    lastUpdateFromVersion: null,
    updateInProgress: false,
  },
  lastSeen: LAST,
  hidden: false,
};
const input: InstanceCheckIn = {
  instanceId: 'm1',
  appId: 'a',
  groupId: 'g',
  version: '1000.0.1',
  ip: '10.0.0.1',
  alias: 'web-1',
  oem: 'qemu',
  oemVersion: '0.0.1',
  alephVersion: '1000.0.0',
};

test('a check-in that changes nothing, less than 5 minutes after the last, is not written; anything else is', () => {
  const rows: Array<[string, InstanceRow | undefined, Partial<InstanceCheckIn>, number, boolean]> = [
    ['same, 1 s later', known, {}, 1000, true],
    ['same, at the same instant', known, {}, 0, true],
    ['same, just under 5 min later', known, {}, REFRESH_AFTER_MS - 1, true],
    ['same, 5 min later: the last check is refreshed', known, {}, REFRESH_AFTER_MS, false],
    ['same, the clock went back', known, {}, -1, false],
    ['unknown machine (or new to the app)', undefined, {}, 1000, false],
    ['hidden machine: shown again', { ...known, hidden: true }, {}, 1000, false],
    ['another group', known, { groupId: 'g2' }, 1000, false],
    ['another version', known, { version: '1000.0.2' }, 1000, false],
    ['another IP', known, { ip: '10.0.0.2' }, 1000, false],
    ['another alias', known, { alias: 'web-2' }, 1000, false],
    ['another OEM', known, { oem: 'aws' }, 1000, false],
    ['another OEM version', known, { oemVersion: '0.0.2' }, 1000, false],
    ['another aleph version', known, { alephVersion: '999.0.0' }, 1000, false],
    [
      'empty fields keep the stored ones, as the write would',
      known,
      { ip: '', alias: '', oem: '', oemVersion: '', alephVersion: '', version: '' },
      1000,
      true,
    ],
  ];
  for (const [name, row, change, ms, fresh] of rows)
    assert.equal(isFreshCheckIn(row, { ...input, ...change }, at(ms)), fresh, name);
});
