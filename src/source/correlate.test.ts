import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { errorAt, Report, warningAt, type Issue, type JsonPath } from '../core/index.js';
import { assertRangeInside } from './_test-ranges.js';
import { correlate, parseJson, parseYaml, SourceIndex } from './index.js';

const YAML = [
  'storage:', //                                 1
  '  files:', //                                 2
  '    - path: etc/hostname', //                 3
  '      mode: 0644', //                         4
  '      bogus: 1', //                           5
  'systemd:', //                                 6
  '  units: []', //                              7
  '',
].join('\n');

const pos = (i: Issue): string => (i.range === undefined ? 'none' : `${i.range.start.line}:${i.range.start.column}`);

test('correlate: exact path, deepest ancestor, key or value', () => {
  const { index } = parseYaml(YAML);
  const rows: Array<{ name: string; issue: Issue; at: string; opts?: Parameters<typeof correlate>[2] }> = [
    {
      name: 'value of an existing path',
      issue: errorAt('X_NOT_ABSOLUTE', ['storage', 'files', 0, 'path'], 'path not absolute'),
      at: '3:13',
    },
    {
      name: 'unknown key points at the key',
      issue: warningAt('CT_UNKNOWN_KEY', ['storage', 'files', 0, 'bogus'], 'unknown key'),
      at: '5:7',
    },
    {
      name: 'unused key points at the key',
      issue: warningAt('BUTANE_UNUSED_KEY', ['storage', 'files', 0, 'bogus'], 'unused'),
      at: '5:7',
    },
    {
      name: 'target option: key',
      issue: errorAt('X', ['storage', 'files', 0, 'mode'], 'm'),
      at: '4:7',
      opts: { target: 'key' },
    },
    {
      name: 'target option: function',
      issue: errorAt('X', ['systemd', 'units'], 'm'),
      at: '7:3',
      opts: { target: () => 'key' },
    },
    {
      name: 'target key on a sequence item falls back to its value',
      issue: errorAt('X', ['storage', 'files', 0], 'm'),
      at: '3:7',
      opts: { target: 'key' },
    },
    {
      name: 'absent key: the mapping that lacks it',
      issue: errorAt('X_REQUIRED', ['storage', 'files', 0, 'user', 'name'], 'missing'),
      at: '3:7',
    },
    {
      name: 'absent key asked as key: still the parent value',
      issue: errorAt('X_UNKNOWN_KEY', ['storage', 'nope'], 'm'),
      at: '2:3',
    },
    { name: 'index past the end: the sequence', issue: errorAt('X', ['systemd', 'units', 3], 'm'), at: '7:10' },
    {
      name: 'path through a scalar: the scalar',
      issue: errorAt('X', ['storage', 'files', 0, 'mode', 'x'], 'm'),
      at: '4:13',
    },
    { name: 'numeric string for an index', issue: errorAt('X', ['storage', 'files', '0', 'mode'], 'm'), at: '4:13' },
    { name: 'root', issue: errorAt('X', [], 'm'), at: '1:1' },
    { name: 'unknown top-level key: the root', issue: errorAt('X', ['nope'], 'm'), at: '1:1' },
  ];
  for (const row of rows) {
    const out = correlate(Report.of(row.issue), index, row.opts).issues[0] as Issue;
    assert.equal(pos(out), row.at, row.name);
    assert.ok(out.range !== undefined);
    assertRangeInside(YAML, out.range, row.name);
    assert.deepEqual(
      { ...out, range: undefined },
      { ...row.issue, range: undefined },
      `${row.name}: only the range changes`,
    );
  }
});

test('correlate: existing ranges are kept (normalized) unless overwrite', () => {
  const { index } = parseYaml(YAML);
  const given = index.rangeAt(0, 7);
  const issue = errorAt('X', ['storage', 'files', 0, 'path'], 'm', given);
  assert.deepEqual(correlate(Report.of(issue), index).issues[0]?.range, given);
  assert.equal(pos(correlate(Report.of(issue), index, { overwrite: true }).issues[0] as Issue), '3:13');
  const wild = errorAt('X', [], 'm', {
    start: { line: 99, column: 99, offset: 1e9 },
    end: { line: -1, column: 0, offset: -5 },
  });
  const fixed = correlate(Report.of(wild), index).issues[0]?.range;
  assert.ok(fixed !== undefined);
  assertRangeInside(YAML, fixed);
  assert.equal(fixed.start.offset, 0);
  assert.equal(fixed.end.offset, YAML.length);
  const lineOnly = errorAt('X', [], 'm', {
    start: { line: 4, column: 13, offset: NaN },
    end: { line: 4, column: 13, offset: NaN },
  });
  assert.equal(pos(correlate(Report.of(lineOnly), index).issues[0] as Issue), '4:13');
});

test('correlate: nothing to point at', () => {
  const empty = parseYaml('# nothing\n').index;
  const issue = warningAt('CT_EMPTY', [], 'Configuration is empty');
  assert.equal(correlate(Report.of(issue), empty).issues[0]?.range, undefined);
  assert.equal(pos(correlate(Report.of(issue), empty, { whenMissing: 'start' }).issues[0] as Issue), '1:1');
  const broken = parseJson('{"a": ').index;
  assert.equal(pos(correlate(Report.of(errorAt('X', ['a', 'b'], 'm')), broken).issues[0] as Issue), '1:1');
});

test('correlate: JSON paths', () => {
  const text = '{"storage": {"files": [{"path": "x", "mode": 420}]}}';
  const { index } = parseJson(text);
  const out = correlate(
    Report.of(
      errorAt('X', ['storage', 'files', 0, 'path'], 'path not absolute'),
      warningAt('X_UNKNOWN_KEY', ['storage', 'files', 0, 'mode'], 'm'),
      errorAt('X', ['storage', 'files', 0, 'user'], 'm'),
    ),
    index,
  );
  assert.deepEqual(out.issues.map(pos), ['1:33', '1:38', '1:24']);
});

// ---- property tests -------------------------------------------------------

const segment = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.nat({ max: 6 }),
  fc.constantFrom('a', 'b', '0', 'path', '__proto__'),
);
const randomPath = fc.array(segment, { maxLength: 6 });
const randomRange = fc.record({
  s: fc.oneof(fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, 0)),
  e: fc.oneof(fc.integer(), fc.constantFrom(NaN, 0)),
  line: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.constant(NaN)),
  column: fc.oneof(fc.integer({ min: -3, max: 200 }), fc.constant(NaN)),
});

type RandomRange = { s: number; e: number; line: number; column: number };

function issuesFor(index: SourceIndex, extraPaths: JsonPath[], ranges: RandomRange[]): Issue[] {
  const existing = [...index.entries()].slice(0, 40).map((e) => e.path);
  const issues: Issue[] = [];
  for (const p of [...existing, ...extraPaths]) {
    issues.push(errorAt('X', p, 'value'));
    issues.push(warningAt('X_UNKNOWN_KEY', p, 'key'));
  }
  for (const r of ranges) {
    issues.push(
      errorAt('X', [], 'given range', {
        start: { line: r.line, column: r.column, offset: r.s },
        end: { line: r.line, column: r.column, offset: r.e },
      }),
    );
  }
  return issues;
}

function checkCorrelate(
  text: string,
  index: SourceIndex,
  paths: JsonPath[],
  ranges: Parameters<typeof issuesFor>[2],
): void {
  const issues = issuesFor(index, paths, ranges);
  let out: Report | undefined;
  assert.doesNotThrow(() => {
    out = correlate(new Report(issues), index);
  });
  const result = out as Report;
  assert.equal(result.issues.length, issues.length);
  for (const i of result.issues) if (i.range !== undefined) assertRangeInside(text, i.range, i.message);
  for (const e of [...index.entries()].slice(0, 40)) {
    const [value] = correlate(Report.of(errorAt('X', e.path, 'v')), index).issues;
    assert.deepEqual(value?.range, e.range, `exact path ${JSON.stringify(e.path)} gives its value range`);
  }
}

test('property: correlate never throws and stays inside the text (random documents as YAML and JSON)', () => {
  fc.assert(
    fc.property(
      fc.jsonValue({ maxDepth: 4 }),
      fc.array(randomPath, { maxLength: 8 }),
      fc.array(randomRange, { maxLength: 4 }),
      fc.constantFrom(0, 2, 4),
      (value, paths, ranges, indent) => {
        const json = JSON.stringify(value, null, indent);
        const pj = parseJson(json);
        assert.deepEqual(pj.report.issues, [], json);
        assert.deepEqual(pj.value, JSON.parse(json));
        checkCorrelate(json, pj.index, paths, ranges);

        const yamlText = stringify(value, { version: '1.1' });
        const py = parseYaml(yamlText);
        assert.equal(py.report.isFatal(), false, yamlText);
        checkCorrelate(yamlText, py.index, paths, ranges);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: correlate never throws and stays inside the text (random garbage)', () => {
  const garbage = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .array(
        fc.constantFrom(
          'a',
          ':',
          ' ',
          '\n',
          '-',
          '[',
          ']',
          '{',
          '}',
          '"',
          "'",
          '#',
          '&x',
          '*x',
          '!!int',
          '\t',
          ',',
          '0644',
          '😀',
        ),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(
      garbage,
      fc.array(randomPath, { maxLength: 8 }),
      fc.array(randomRange, { maxLength: 4 }),
      (text, paths, ranges) => {
        for (const r of [parseYaml(text), parseJson(text)]) {
          for (const i of r.report.issues) if (i.range !== undefined) assertRangeInside(text, i.range, i.code);
          checkCorrelate(text, r.index, paths, ranges);
        }
        checkCorrelate(text, SourceIndex.empty(text), paths, ranges);
      },
    ),
    { numRuns: 400 },
  );
});
