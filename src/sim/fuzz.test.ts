import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkScenario, SIM_ISSUE_CODES } from './index.js';
import { SOURCE_ISSUE_CODES } from '../source/index.js';

const EXAMPLE = readFileSync(new URL('../../docs/sim/good-release.yaml', import.meta.url), 'utf8');
/** HULL_FUZZ_RUNS sets the number of runs of the first property (3000 in the suite). */
const RUNS = Number(process.env.HULL_FUZZ_RUNS ?? 3000);
const KNOWN = new Set([...Object.keys(SIM_ISSUE_CODES), ...Object.keys(SOURCE_ISSUE_CODES)]);

/** The checker's contract on any text: no throw, no internal error; a plan or a fatal report, every issue with a known code and a range inside the text. */
function holds(text: string): void {
  const { plan, report } = checkScenario(text);
  assert.equal(plan === undefined, report.isFatal(), 'a plan exactly when there is no error');
  for (const i of report.issues) {
    assert.ok(KNOWN.has(i.code), `known code ${i.code}`);
    assert.notEqual(i.code, 'SRC_INTERNAL_ERROR', i.message);
    assert.ok(i.range, `${i.code} has a range`);
    assert.ok(
      i.range.start.offset >= 0 && i.range.end.offset <= text.length && i.range.start.offset <= i.range.end.offset,
    );
  }
  if (plan) JSON.stringify(plan);
}

// Mutations of a valid scenario: a slice replaced by random text, lines swapped or dropped,
// and scalars replaced by odd values, so that most runs reach the shape and the rules.
const ODD = fc.constantFrom(
  '',
  '-1h',
  'P1M',
  '0',
  '1e309',
  'null',
  '~',
  '[]',
  '{}',
  '3815.2.0',
  '"x"',
  'true',
  '-0',
  'P',
  'PT',
  '1.5',
  'NaN',
  '.inf',
  '&a x',
  '*a',
  '!!int x',
  '99999999999999999999',
);

test(`fuzz: any mutation of a scenario is checked without a crash (${RUNS} runs)`, () => {
  const lines = EXAMPLE.split('\n');
  fc.assert(
    fc.property(
      fc.oneof(
        fc
          .tuple(fc.nat(EXAMPLE.length), fc.nat(40), fc.string({ maxLength: 30 }))
          .map(([at, n, s]) => EXAMPLE.slice(0, at) + s + EXAMPLE.slice(at + n)),
        fc
          .tuple(fc.nat(lines.length - 1), ODD)
          .map(([n, v]) => lines.map((l, i) => (i === n ? l.replace(/:\s.*$/, `: ${v}`) : l)).join('\n')),
        fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1)).map(([a, b]) => {
          const c = [...lines];
          [c[a], c[b]] = [c[b]!, c[a]!];
          return c.join('\n');
        }),
        fc.string({ maxLength: 200 }),
      ),
      holds,
    ),
    { numRuns: RUNS },
  );
});

test('fuzz: random scenario-like values (any JSON) never crash the checker', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => holds(JSON.stringify(v))),
    { numRuns: 300 },
  );
});
