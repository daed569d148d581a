// Requests recorded from the real update_engine (test/fixtures/update/omaha/requests,
// README.md there says how each was obtained): every file parses, and each
// carries what that message is known for.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  archOf,
  errorFlagNames,
  isFakeInstanceId,
  isMachineIdFormat,
  normalizeAppId,
  parseRequest,
  trackOf,
  type OmahaRequest,
  type OmahaRequestApp,
} from './index.js';
import { FLATCAR_APP_ID } from '../server/model.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/update/omaha/requests/', import.meta.url));

function load(name: string): { bytes: Uint8Array; request: OmahaRequest; app: OmahaRequestApp } {
  const bytes = new Uint8Array(readFileSync(DIR + name));
  const r = parseRequest(bytes);
  assert.ok(r.ok, `${name}: ${r.ok ? '' : `${r.code} ${r.message}`}`);
  assert.equal(r.request.apps.length, 1, `${name}: one app`);
  return { bytes, request: r.request, app: r.request.apps[0]! };
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const recorded = files.filter((f) => !f.endsWith('-constructed.xml'));

test('the fixtures folder holds the recorded messages and a README listing each', () => {
  for (const needed of [
    'check-first-previousversion-0.0.0.0.xml',
    'check-later-previousversion-empty.xml',
    'check-after-reboot-previousversion-old.xml',
    'check-rollback-error-44.xml',
    'event-13-1-download-started.xml',
    'event-14-1-download-finished.xml',
    'event-3-1-update-applied.xml',
    'event-3-0-error-18-test-url-flag.xml',
    'ping-only-constructed.xml',
  ])
    assert.ok(files.includes(needed), `${needed} is there`);
  const readme = readFileSync(DIR + 'README.md', 'utf8');
  for (const f of [...files, ...readdirSync(DIR + 'malformed').map((m) => `malformed/${m}`)]) {
    assert.ok(readme.includes(`\`${f}\``), `README.md lists ${f}`);
  }
});

test('every fixture has the byte layout update_engine writes (unchanged since recording)', () => {
  for (const f of files) {
    const text = new TextDecoder().decode(load(f).bytes);
    assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<request protocol="3.0" '), f);
    assert.ok(text.endsWith('    </app>\n</request>\n'), `${f}: final newline, 4-space indent`);
    assert.match(
      text,
      /\n    <os [^\n]*><\/os>\n    <app [^\n]*" >\n/,
      `${f}: os and app on their own lines, space before >`,
    );
    assert.doesNotMatch(text, /\r/, `${f}: LF only`);
    for (const line of text.split('\n').slice(4, -3))
      assert.match(
        line,
        /^ {8}<(ping|updatecheck|event) [^\n]*><\/\1>$|^ {8}<updatecheck><\/updatecheck>$/,
        `${f}: ${line}`,
      );
  }
});

test('root, os and app attributes of every recorded request', () => {
  for (const f of recorded) {
    const { request, app } = load(f);
    assert.equal(request.protocol, '3.0');
    assert.equal(request.version, 'update_engine-0.4.10', f);
    assert.equal(request.updaterVersion, 'update_engine-0.4.10', f);
    assert.ok(request.installSource === 'ondemandupdate' || request.installSource === 'scheduler', f);
    assert.equal(request.isMachine, '1');
    assert.deepEqual(Object.keys(request.os ?? {}).sort(), ['platform', 'sp', 'version'], `${f}: no os arch`);
    assert.equal(request.os?.platform, 'CoreOS');
    assert.equal(request.os?.version, 'Chateau');
    assert.match(request.os?.sp ?? '', /^\d+\.\d+\.\d+_x86_64$/);
    assert.equal(app.appId, '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}', `${f}: appid with braces, as sent`);
    assert.equal(normalizeAppId(app.appId), FLATCAR_APP_ID);
    assert.ok(isMachineIdFormat(app.machineId ?? ''), `${f}: machineid is 32 lowercase hex, no braces or dashes`);
    assert.ok(!isFakeInstanceId(app.machineId ?? ''));
    assert.match(app.bootId ?? '', /^\{[0-9a-f-]{36}\}$/, `${f}: bootid braced`);
    assert.equal(app.board, 'amd64-usr');
    assert.equal(archOf(app, request.os), 'amd64');
    assert.equal(app.lang, 'en-US');
    assert.equal(app.oem, 'qemu');
    assert.equal(app.oemVersion, '0.0.1');
    assert.equal(app.hardwareClass, '', 'present and empty');
    assert.equal(app.deltaOkay, 'false');
    assert.equal(request.os?.sp, `${app.version}_x86_64`);
    for (const absent of ['fromTrack', 'nextVersion', 'installAge', 'client', 'multiManifestOk'] as const) {
      assert.equal(app[absent], undefined, `${f}: no ${absent}`);
    }
  }
});

function checkParts(app: OmahaRequestApp) {
  assert.deepEqual(app.ping, { active: '1' });
  assert.deepEqual(app.updateCheck, {});
  assert.equal(app.events.length, 1);
  return app.events[0]!;
}

test('first check ever: ping, updatecheck, 3/2 previousversion="0.0.0.0"', () => {
  const { request, app } = load('check-first-previousversion-0.0.0.0.xml');
  assert.equal(request.installSource, 'ondemandupdate');
  assert.deepEqual(checkParts(app), { type: 3, result: 2, previousVersion: '0.0.0.0' });
  assert.equal(app.version, '1000.0.0');
  assert.equal(app.alephVersion, '1000.0.0');
  assert.equal(app.track, 'stable');
  assert.equal(app.machineAlias, 'selftest-1');
});

test('later check: 3/2 with previousversion present and empty', () => {
  const { app } = load('check-later-previousversion-empty.xml');
  const event = checkParts(app);
  assert.deepEqual(event, { type: 3, result: 2, previousVersion: '' });
  assert.ok(Object.hasOwn(event, 'previousVersion'), '"" is not undefined');
});

test('scheduled check: installsource="scheduler"', () => {
  const { request, app } = load('check-scheduled.xml');
  assert.equal(request.installSource, 'scheduler');
  assert.deepEqual(checkParts(app), { type: 3, result: 2, previousVersion: '' });
});

test('first check after the reboot into the new version: 3/2 with the old version', () => {
  const { app } = load('check-after-reboot-previousversion-old.xml');
  assert.deepEqual(checkParts(app), { type: 3, result: 2, previousVersion: '1000.0.0' });
  assert.equal(app.version, '1000.0.1');
  assert.equal(app.alephVersion, '1000.0.0', 'the first version this disk ran');
});

test('rollback: a bare 3/0 errorcode 44, no flag bits, no previousversion', () => {
  const { app } = load('check-rollback-error-44.xml');
  const event = checkParts(app);
  assert.deepEqual(event, { type: 3, result: 0, errorCode: { raw: '44', value: 44, code: 44, flags: 0 } });
  assert.ok(!Object.hasOwn(event, 'previousVersion'));
});

for (const [file, type] of [
  ['event-13-1-download-started.xml', 13],
  ['event-14-1-download-finished.xml', 14],
  ['event-3-1-update-applied.xml', 3],
] as const) {
  test(`progress event ${type}/1 (${file}): one event, no ping, no updatecheck, no errorcode`, () => {
    const { request, app } = load(file);
    assert.equal(request.installSource, 'ondemandupdate', 'events of an interactive attempt say so too');
    assert.equal(app.ping, undefined);
    assert.equal(app.updateCheck, undefined);
    assert.deepEqual(app.events, [{ type, result: 1 }]);
  });
}

test('failure event: 3/0 errorcode 268435474 = 18 with the test-URL flag', () => {
  const { app } = load('event-3-0-error-18-test-url-flag.xml');
  assert.equal(app.ping, undefined);
  assert.equal(app.updateCheck, undefined);
  assert.deepEqual(app.events, [
    { type: 3, result: 0, errorCode: { raw: '268435474', value: 268435474, code: 18, flags: 0x10000000 } },
  ]);
  assert.deepEqual(errorFlagNames(app.events[0]!.errorCode!.flags), ['TestOmahaUrl']);
  assert.equal(app.machineAlias, '', 'no MACHINE_ALIAS: present and empty');
});

test('escaping as libxml2 writes it: entities and &#xNN; for non-ASCII; a legacy group UUID as track', () => {
  const { app } = load('check-escaped-alias-legacy-group.xml');
  assert.equal(app.machineAlias, 'café & <co>');
  assert.equal(app.track, '9a2deb70-37be-4026-853f-bfdd6b347bbe');
  assert.equal(trackOf(app.track), 'stable');
});

test('a double quote in MACHINE_ALIAS makes update_engine send malformed XML: refused as OMAHA_NOT_XML', () => {
  for (const f of ['malformed/quote-in-alias.xml', 'malformed/quote-in-alias-error-event.xml']) {
    const text = readFileSync(DIR + f, 'utf8');
    assert.ok(text.includes('machinealias="say "hi"" '), `${f}: the quote is sent unescaped`);
    const r = parseRequest(new Uint8Array(readFileSync(DIR + f)));
    assert.equal(r.ok, false, f);
    assert.equal(!r.ok && r.code, 'OMAHA_NOT_XML', f);
  }
});

test('ping only (constructed from the observed layout): ping, nothing else, installsource="scheduler"', () => {
  const { request, app } = load('ping-only-constructed.xml');
  assert.equal(request.installSource, 'scheduler');
  assert.deepEqual(app.ping, { active: '1' });
  assert.equal(app.updateCheck, undefined);
  assert.deepEqual(app.events, []);
});
