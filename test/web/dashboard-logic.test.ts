import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventWords, words } from '../../web/src/dash/events.js';
import { compareVersions } from '../../web/src/dash/versions.js';
import { checkDraft, draftOf, patchOf } from '../../web/src/dash/policy-form.js';
import { fieldText } from '../../web/src/dash/journal-fields.js';
import { DEFAULT_POLICY } from '../../src/update/server/model.js';
import { Policy } from '../../src/http/routes/update/schemas.js';
import { Value } from '@sinclair/typebox/value';

// The dashboard's pure parts: the policy form's checks (the server's bounds), events in words,
// version order, journal field values.

const event = (type: number, result: number, raw: string | null) => ({
  id: 'e',
  type,
  result,
  errorCode: raw === null ? null : Number(raw) & 0x0fffffff,
  rawErrorCode: raw,
  previousVersion: null,
  version: '1.0.0',
  createdAt: '',
});

test('the policy form accepts the default policy and its patch is what the API schema accepts', () => {
  const d = draftOf(DEFAULT_POLICY as never);
  assert.deepEqual(checkDraft(d), {});
  const patch = patchOf(d, DEFAULT_POLICY as never);
  assert.ok(
    Value.Check(Policy, { ...DEFAULT_POLICY, ...patch }),
    [...Value.Errors(Policy, { ...DEFAULT_POLICY, ...patch })].map((e) => `${e.path} ${e.message}`).join('; '),
  );
});

test("the policy form names each value out of the server's bounds, as the API schema refuses it", () => {
  const d = draftOf(DEFAULT_POLICY as never);
  const cases: [keyof typeof d, string, string][] = [
    ['maxUpdatesPerPeriod', '0', 'at least 1'],
    ['maxUpdatesPerPeriod', '1.5', 'a whole number'],
    ['maxUpdatesPerPeriod', '1000001', 'at most 1,000,000'],
    ['periodIntervalSeconds', '', 'required'],
    ['stagedPercent', '100.5', 'at most 100'],
    ['autoHaltThreshold', '2', 'at most 1'],
    ['autoHaltWindowSeconds', '59', 'at least 60'],
    ['autoHaltMinSamples', 'x', 'not a number'],
    ['timezone', 'Mars/Olympus', 'not an IANA time zone (e.g. Europe/Berlin, UTC)'],
  ];
  for (const [k, v, message] of cases) {
    const wrong = { ...d, [k]: v };
    assert.deepEqual(checkDraft(wrong), { [k]: message }, `${k}=${v}`);
    if (k !== 'timezone' && v !== '' && Number.isFinite(Number(v))) {
      assert.ok(
        !Value.Check(Policy, { ...DEFAULT_POLICY, ...patchOf(wrong, DEFAULT_POLICY as never) }),
        `the API refuses ${k}=${v} too`,
      );
    }
  }
  assert.deepEqual(
    checkDraft({ ...d, timezone: 'Europe/Berlin', maxUpdatesPerPeriod: '1000000', autoHaltThreshold: '0' }),
    {},
  );
});

test('events in words: update_engine codes by name, flags, the rollback', () => {
  assert.deepEqual(eventWords(event(3, 2, null)), { what: 'update finished: succeeded after the reboot', error: null });
  assert.deepEqual(eventWords(event(3, 0, String(0x10000000 + 9))), {
    what: 'update finished: failed',
    error: 'download transfer error (code 9, DownloadTransferError; flags: private update server)',
  });
  assert.match(eventWords(event(3, 0, '44')).error ?? '', /^rolled back: .* \(code 44, RollbackError\)$/);
  assert.match(eventWords(event(3, 0, '2404')).error ?? '', /^HTTP response 404 \(code 2404, HttpResponse404\)$/);
  assert.equal(words('OmahaRequestXMLParseError'), 'Omaha request XML parse error');
});

test('versions in semver order; journal field values as journalctl JSON gives them', () => {
  assert.deepEqual(['1000.0.10', '1000.0.2', '999.9.9', '1000.0.2'].sort(compareVersions), [
    '999.9.9',
    '1000.0.2',
    '1000.0.2',
    '1000.0.10',
  ]);
  assert.equal(fieldText('hello'), 'hello');
  assert.equal(fieldText([104, 105]), 'hi');
  assert.equal(fieldText(['a', [98]]), 'a b');
  assert.equal(fieldText(null), '');
});
