import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSimDuration } from './index.js';

const H = 3_600_000;
const OK: readonly [unknown, number][] = [
  [0, 0],
  ['0', 0],
  ['90m', 1.5 * H],
  ['1h30m', 1.5 * H],
  ['-1h', -H],
  ['250ms', 250],
  ['PT90M', 1.5 * H],
  ['P2D', 48 * H],
  ['P1W', 168 * H],
  ['P1DT2H3M4S', 26 * H + 3 * 60_000 + 4000],
  ['PT0.5S', 500],
  ['PT1,5S', 1500],
  ['-PT1H', -H],
];
const BAD: readonly unknown[] = [
  '',
  '2d',
  '1 h',
  'h',
  'P',
  'PT',
  'P1M',
  'P1Y',
  'P1Y2D',
  'PT1H2D',
  'P1DT',
  '1',
  1,
  3600,
  true,
  null,
  'P-1D',
];

for (const [text, ms] of OK)
  test(`duration ${JSON.stringify(text)} is ${ms} ms`, () =>
    assert.deepEqual(parseSimDuration(text), { ok: true, ms }));
for (const text of BAD)
  test(`duration ${JSON.stringify(text)} is refused with a message`, () => {
    const r = parseSimDuration(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.message.length > 0);
  });

test('ISO months and years are refused with the reason', () => {
  const r = parseSimDuration('P1M');
  assert.ok(!r.ok && /no fixed length/.test(r.message));
  const t = parseSimDuration('PT1M');
  assert.deepEqual(t, { ok: true, ms: 60_000 }, 'M after T is minutes');
});
