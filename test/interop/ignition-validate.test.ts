/**
 * Interop: Hull's `hull ignition validate FILE` against the reference
 * `ignition-validate` (Debian's Ignition 2.14, specs 3.0–3.3) on every config
 * of test/fixtures/ignition/corpus/.
 *
 * - The real tool runs live on every file; its output must still equal the
 *   recording in expected.json (regenerate with
 *   `npx tsx test/interop/record-ignition-validate.ts`), so drift in the
 *   corpus or the tool shows up here.
 * - Hull must give the same exit code on EVERY config, and report the same
 *   set of JSON paths (`(error|warning) at $…,`) on at least 95% of them.
 *
 * Needs the bundle (`node scripts/build.mjs`, which `npm test` runs first)
 * and ignition-validate (`scripts/setup-system`); never skips.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HULL_BIN } from '../helpers/hull.js';
import {
  CORPUS_DIR,
  EXPECTED_FILE,
  INSTALL_HINT,
  corpusFiles,
  ignitionValidatePresent,
  reportedPaths,
  runIgnitionValidate,
  mapLimit,
  verdictOfAsync,
  type Verdict,
} from './ignition-validate-corpus.js';

const PATH_AGREEMENT_GOAL = 0.95;
const files = corpusFiles();
const expected = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, Verdict>;

// Both tools run once per file; the tests below share the results.
let live: Map<string, Verdict> | undefined;
function liveVerdicts(): Map<string, Verdict> {
  assert.ok(ignitionValidatePresent(), INSTALL_HINT);
  live ??= new Map(files.map((f) => [f, runIgnitionValidate(f)]));
  return live;
}
// Hull runs as a user would run it, `node bin/hull.cjs ignition validate FILE`
// from the corpus folder, a few processes at a time.
let hull: Promise<Map<string, Verdict>> | undefined;
function hullVerdicts(): Promise<Map<string, Verdict>> {
  assert.ok(
    existsSync(new URL('../../dist/hull.cjs', import.meta.url)),
    'dist/hull.cjs is missing: run `node scripts/build.mjs` (npm test does)',
  );
  hull ??= mapLimit(files, 4, (f) =>
    verdictOfAsync(process.execPath, [HULL_BIN, 'ignition', 'validate', f], CORPUS_DIR),
  ).then((vs) => new Map(files.map((f, i) => [f, vs[i]!])));
  return hull;
}

const fmtSet = (s: Set<string>): string => (s.size === 0 ? '(none)' : [...s].sort().join('; '));

test('the corpus is big enough and covers specs 3.0–3.3', () => {
  assert.ok(files.length >= 70, `corpus has ${files.length} configs, want >= 70`);
  for (const v of ['v30', 'v31', 'v32', 'v33']) {
    const n = files.filter((f) => f.includes(`-${v}-`)).length;
    assert.ok(n >= 10, `only ${n} configs for spec ${v}`);
  }
  const both = Object.values(expected);
  assert.ok(both.some((v) => v.exit === 0) && both.some((v) => v.exit === 1), 'corpus needs valid and invalid configs');
});

test('expected.json records every corpus file and nothing else', () => {
  assert.deepEqual(Object.keys(expected).sort(), files, 'run `npx tsx test/interop/record-ignition-validate.ts`');
});

test('live ignition-validate still says what expected.json recorded', () => {
  const verdicts = liveVerdicts();
  const drift: string[] = [];
  for (const f of files) {
    const got = verdicts.get(f)!;
    const want = expected[f];
    // Unknown-key warnings come in Go map order: compare lines sorted.
    const same =
      want !== undefined &&
      got.exit === want.exit &&
      JSON.stringify([...got.lines].sort()) === JSON.stringify(want.lines) &&
      JSON.stringify(got.stderr ?? []) === JSON.stringify(want.stderr ?? []);
    if (!same)
      drift.push(`${f}: live exit ${got.exit} ${JSON.stringify(got.lines)} vs recorded ${JSON.stringify(want)}`);
  }
  assert.equal(
    drift.length,
    0,
    `ignition-validate drifted from expected.json on ${drift.length} file(s) ` +
      `(re-record with \`npx tsx test/interop/record-ignition-validate.ts\` if intended):\n${drift.join('\n')}`,
  );
});

test('hull ignition validate gives the same exit code as ignition-validate on every config', async () => {
  const ref = liveVerdicts();
  const ours = await hullVerdicts();
  const diffs: string[] = [];
  for (const f of files) {
    const r = ref.get(f)!;
    const h = ours.get(f)!;
    if (r.exit !== h.exit) {
      diffs.push(
        `${f}: ignition-validate exit ${r.exit}, hull exit ${h.exit}` +
          `\n    ignition-validate: ${JSON.stringify([...r.lines, ...(r.stderr ?? [])])}` +
          `\n    hull:              ${JSON.stringify([...h.lines, ...(h.stderr ?? [])])}`,
      );
    }
  }
  assert.equal(diffs.length, 0, `exit codes differ on ${diffs.length}/${files.length} configs:\n${diffs.join('\n')}`);
});

test(`hull ignition validate reports the same JSON paths on >= ${PATH_AGREEMENT_GOAL * 100}% of configs`, async (t) => {
  const ref = liveVerdicts();
  const ours = await hullVerdicts();
  const diffs: string[] = [];
  // For information (not asserted): files whose output is identical line for
  // line, order aside, and whose `at …` parts (path, line, col) all agree.
  const at = (lines: readonly string[]): string =>
    lines
      .map((l) => /^(.*?):/.exec(l)?.[1] ?? l)
      .sort()
      .join('\n');
  const sameText = files.filter(
    (f) => [...ref.get(f)!.lines].sort().join('\n') === [...ours.get(f)!.lines].sort().join('\n'),
  ).length;
  const samePositions = files.filter((f) => at(ref.get(f)!.lines) === at(ours.get(f)!.lines)).length;
  t.diagnostic(
    `identical output on ${sameText}/${files.length} configs; same paths with the same line:col on ${samePositions}/${files.length}`,
  );
  for (const f of files) {
    const r = reportedPaths(ref.get(f)!.lines);
    const h = reportedPaths(ours.get(f)!.lines);
    const onlyRef = [...r].filter((p) => !h.has(p));
    const onlyHull = [...h].filter((p) => !r.has(p));
    if (onlyRef.length > 0 || onlyHull.length > 0) {
      diffs.push(
        `${f}:\n    only ignition-validate: ${fmtSet(new Set(onlyRef))}\n    only hull:              ${fmtSet(new Set(onlyHull))}` +
          (h.size === 0 && ours.get(f)!.exit !== 0
            ? `\n    hull said: ${JSON.stringify([...ours.get(f)!.lines, ...(ours.get(f)!.stderr ?? [])].slice(0, 3))}`
            : ''),
      );
    }
  }
  const agree = files.length - diffs.length;
  const ratio = agree / files.length;
  assert.ok(
    ratio >= PATH_AGREEMENT_GOAL,
    `path sets agree on ${agree}/${files.length} configs (${(ratio * 100).toFixed(1)}%, want >= ${PATH_AGREEMENT_GOAL * 100}%); differences:\n${diffs.join('\n')}`,
  );
});
