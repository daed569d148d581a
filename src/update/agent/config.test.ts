// update.conf and release: first file wins, defaults, bad lines reported and skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_APP_ID,
  mergeConfig,
  parseKeyValues,
  PRODUCTION_SERVER,
  testUrlFlag,
  updatesDisabled,
} from './config.js';

test('first file that has a key wins; update_engine defaults', () => {
  const etc = parseKeyValues(
    '# mine\nGROUP=beta\nSERVER=http://s/v1/update/\n\nFLATCAR_RELEASE_VERSION=9.9.9\n',
    'etc',
  );
  const usr = parseKeyValues('GROUP=stable\nMACHINE_ALIAS=from-usr\n', 'usr');
  const release = parseKeyValues('FLATCAR_RELEASE_VERSION=1000.0.0\nFLATCAR_RELEASE_BOARD=amd64-usr\n', 'release');
  const c = mergeConfig([etc.values, usr.values, release.values]);
  assert.deepEqual(
    [c.group, c.server, c.machineAlias, c.version, c.board, c.appId],
    ['beta', 'http://s/v1/update/', 'from-usr', '9.9.9', 'amd64-usr', DEFAULT_APP_ID],
  );
  assert.equal(testUrlFlag(c), 0x10000000);
  const d = mergeConfig([]);
  assert.deepEqual([d.group, d.server, d.machineAlias], ['stable', PRODUCTION_SERVER, '']);
  assert.equal(testUrlFlag(d), 0);
  assert.equal(updatesDisabled(mergeConfig([{ SERVER: 'disabled' }])), true);
});

test('a bad line is reported with its line number, never thrown; the first occurrence in a file wins', () => {
  const p = parseKeyValues('GROUP=a\nthis is not a pair\n=x\nGROUP=b\r\n1BAD=2\nDOWNLOAD_USER=u=v\n', 'f');
  assert.deepEqual(p.values, Object.assign(Object.create(null), { GROUP: 'a', DOWNLOAD_USER: 'u=v' }));
  assert.deepEqual(
    p.issues.map((i) => i.line),
    [2, 3, 5],
  );
  assert.deepEqual(mergeConfig([p.values], p.issues).issues.length, 3);
});
