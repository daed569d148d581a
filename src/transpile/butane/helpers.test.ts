/** Table tests of the small Butane helpers: decimal modes, systemd escaping, local paths, semver, snake case. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkForDecimalMode } from './decimal-mode.js';
import { cleanLocalPath } from './local-path.js';
import { snake } from './schema.js';
import { normalizeSemverStrict } from '../../go/index.js';
import { unitNamePathEscape } from './systemd-escape.js';
import { templateOf } from './quadlets.js';

test('checkForDecimalMode flags modes written in decimal that are typical in octal', () => {
  const rows: [number, boolean, boolean][] = [
    [644, false, true],
    [755, false, true],
    [600, false, true],
    [755, true, true],
    [0o644, false, false],
    [0o755, true, false],
    [0, false, false],
    [420, false, false], // 0644 written in decimal by the user on purpose
    [888, false, false], // not octal digits
    [4755, false, true],
    [1644, false, false], // sticky file: not typical in octal either
  ];
  for (const [mode, dir, want] of rows) assert.equal(checkForDecimalMode(mode, dir), want, `${mode} dir=${dir}`);
});

test('unitNamePathEscape follows go-systemd', () => {
  const rows: [string, string][] = [
    ['/var/lib/data', 'var-lib-data'],
    ['/var/lib/data-disk', 'var-lib-data\\x2ddisk'],
    ['/', '-'],
    ['//a//b/', 'a-b'],
    ['/dev/disk/by-label/x y', 'dev-disk-by\\x2dlabel-x\\x20y'],
    ['/.hidden', '\\x2ehidden'],
    ['/a/.b', 'a-.b'],
    ['/é', '\\xc3\\xa9'],
  ];
  for (const [path, want] of rows) assert.equal(unitNamePathEscape(path), want, path);
});

test('cleanLocalPath joins under the files dir and refuses escapes', () => {
  const rows: [string, string | undefined][] = [
    ['a/b', 'a/b'],
    ['/a/b', 'a/b'],
    ['./a//b/', 'a/b'],
    ['a/../b', 'b'],
    ['..', undefined],
    ['../x', undefined],
    ['a/../../x', undefined],
    ['', ''],
  ];
  for (const [local, want] of rows) assert.equal(cleanLocalPath(local), want, local);
});

test('normalizeSemverStrict accepts go-semver versions and normalizes nothing else', () => {
  assert.equal(normalizeSemverStrict('1.1.0'), '1.1.0');
  assert.equal(normalizeSemverStrict('1.2.0-experimental'), '1.2.0-experimental');
  assert.equal(normalizeSemverStrict('1.0.0+meta'), '1.0.0+meta');
  for (const bad of ['1.1', '01.1.0', 'v1.1.0', '', '1.1.0-', '1.1.0-01'])
    assert.equal(normalizeSemverStrict(bad), undefined, bad);
});

test('snake turns Ignition keys into Butane keys', () => {
  const rows: [string, string][] = [
    ['sizeMiB', 'size_mib'],
    ['httpResponseHeaders', 'http_response_headers'],
    ['typeGuid', 'type_guid'],
    ['sshAuthorizedKeys', 'ssh_authorized_keys'],
    ['path', 'path'],
  ];
  for (const [k, want] of rows) assert.equal(snake(k), want);
});

test('templateOf finds quadlet template instances', () => {
  assert.equal(templateOf('web@8080.container'), 'web@.container');
  assert.equal(templateOf('web@.container'), undefined);
  assert.equal(templateOf('web.container'), undefined);
});
