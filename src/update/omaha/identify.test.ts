// How a request names its app, group, arch and instance (update.md §1.8), one row per rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  archOf,
  isFakeInstanceId,
  isMachineIdFormat,
  isSyncerRequest,
  normalizeAppId,
  trackOf,
  LEGACY_GROUPS,
} from './index.js';

test('normalizeAppId: braces and whitespace stripped, lowercase', () => {
  for (const [sent, id] of [
    ['{e96281a6-d1af-4bde-9a0a-97b76e56dc57}', 'e96281a6-d1af-4bde-9a0a-97b76e56dc57'],
    ['e96281a6-d1af-4bde-9a0a-97b76e56dc57', 'e96281a6-d1af-4bde-9a0a-97b76e56dc57'],
    ['  {E96281A6-D1AF-4BDE-9A0A-97B76E56DC57}\n', 'e96281a6-d1af-4bde-9a0a-97b76e56dc57'],
    ['{ e96281a6-d1af-4bde-9a0a-97b76e56dc57 }', 'e96281a6-d1af-4bde-9a0a-97b76e56dc57'],
    ['MyProduct', 'myproduct'],
    ['{{x}}', '{x}'],
    ['', ''],
  ] as const)
    assert.equal(normalizeAppId(sent), id, JSON.stringify(sent));
});

test('trackOf: the eight legacy CoreUpdate group UUIDs become track names; others are kept', () => {
  const rows: Array<[string | undefined, string]> = [
    ['5b810680-e36a-4879-b98a-4f989e80b899', 'alpha'],
    ['3fe10490-dd73-4b49-b72a-28ac19acfcdc', 'beta'],
    ['9a2deb70-37be-4026-853f-bfdd6b347bbe', 'stable'],
    ['72834a2b-ad86-4d6d-b498-e08a19ebe54e', 'edge'],
    ['e641708d-fb48-4260-8bdf-ba2074a1147a', 'alpha'],
    ['d112ec01-ba34-4a9e-9d4b-9814a685f266', 'beta'],
    ['11a585f6-9418-4df0-8863-78b2fd3240f8', 'stable'],
    ['b4b2fa22-c1ea-498c-a8ac-c1dc0b1d7c17', 'edge'],
    ['{9A2DEB70-37BE-4026-853F-BFDD6B347BBE}', 'stable'],
    ['stable', 'stable'],
    ['my-canary', 'my-canary'],
    ['Stable', 'Stable'],
    ['', ''],
    [undefined, ''],
  ];
  for (const [track, name] of rows) assert.equal(trackOf(track), name, String(track));
  assert.equal(Object.keys(LEGACY_GROUPS).length, 8);
  assert.deepEqual(
    Object.values(LEGACY_GROUPS)
      .map((g) => g.arch)
      .sort(),
    ['aarch64', 'aarch64', 'aarch64', 'aarch64', 'amd64', 'amd64', 'amd64', 'amd64'],
  );
});

test('archOf: board first, then os/@arch, else amd64', () => {
  const rows: Array<[string | undefined, string | undefined, string]> = [
    ['amd64-usr', undefined, 'amd64'],
    ['arm64-usr', undefined, 'aarch64'],
    ['arm64-usr', 'x64', 'aarch64'],
    ['amd64-usr', 'arm', 'amd64'],
    [undefined, 'x64', 'amd64'],
    [undefined, 'amd64', 'amd64'],
    [undefined, 'arm', 'aarch64'],
    [undefined, 'aarch64', 'aarch64'],
    [undefined, 'x86', 'x86'],
    ['riscv-usr', 'x86', 'x86'],
    ['', '', 'amd64'],
    [undefined, 'sparc', 'amd64'],
    [undefined, undefined, 'amd64'],
    ['constructor', 'toString', 'amd64'],
  ];
  for (const [board, arch, want] of rows) {
    const app = board === undefined ? {} : { board };
    const os = arch === undefined ? undefined : { arch };
    assert.equal(archOf(app, os), want, `${board} ${arch}`);
  }
});

test('instance ids: braced UUIDs are fake, machine-id format is 32 lowercase hex', () => {
  assert.equal(isFakeInstanceId('{8d7e2b4a-1c3f-4e5d-9a0b-6c7d8e9f0a1b}'), true);
  assert.equal(isFakeInstanceId('{8D7E2B4A-1C3F-4E5D-9A0B-6C7D8E9F0A1B}'), true);
  assert.equal(isFakeInstanceId('8d7e2b4a-1c3f-4e5d-9a0b-6c7d8e9f0a1b'), false);
  assert.equal(isFakeInstanceId('0359d69696fe8580fa87ec3b08ffbc30'), false);
  assert.equal(isFakeInstanceId('{0359d69696fe8580fa87ec3b08ffbc30}'), false);
  assert.equal(isMachineIdFormat('0359d69696fe8580fa87ec3b08ffbc30'), true);
  assert.equal(isMachineIdFormat('0359D69696FE8580FA87EC3B08FFBC30'), false);
  assert.equal(isMachineIdFormat('0359d696-96fe-8580-fa87-ec3b08ffbc30'), false);
  assert.equal(isMachineIdFormat(''), false);
});

test('the syncer fingerprint: version CoreOSUpdateEngine-0.1.0.0 and installsource scheduler', () => {
  assert.equal(isSyncerRequest({ version: 'CoreOSUpdateEngine-0.1.0.0', installSource: 'scheduler' }), true);
  assert.equal(isSyncerRequest({ version: 'CoreOSUpdateEngine-0.1.0.0', installSource: 'ondemandupdate' }), false);
  assert.equal(isSyncerRequest({ version: 'update_engine-0.4.10', installSource: 'scheduler' }), false);
  assert.equal(isSyncerRequest({}), false);
});
