import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorAt, infoAt, Report, warningAt, type Issue } from '../core/index.js';
import { goSprintfNoArgs, goTrimSpace } from './go-text.js';
import {
  correlate,
  parseYaml,
  renderButanePretty,
  renderButaneRaw,
  renderCt,
  renderIgnitionValidate,
  renderJson,
  shouldColor,
  toJsonIssues,
} from './index.js';

const SOURCE = [
  'variant: fcos', //                 1
  'version: 1.5.0', //                2
  'storage:', //                      3
  '  files:', //                      4
  '    - path: etc/hostname', //      5
  '      mode: 0644', //              6
  '      bogus: 1', //                7
  '',
].join('\n');

function sampleReport(): Report {
  const { index } = parseYaml(SOURCE);
  return correlate(
    Report.of(
      errorAt('BUTANE_PATH_NOT_ABSOLUTE', ['storage', 'files', 0, 'path'], 'path not absolute'),
      warningAt('BUTANE_UNUSED_KEY', ['storage', 'files', 0, 'bogus'], 'Unused key bogus'),
      errorAt('BUTANE_INVALID', [], 'source config is invalid'),
      infoAt('X_NOTE', ['passwd'], 'note'),
    ),
    index,
  ).map((i) => (i.code === 'X_NOTE' || i.code === 'BUTANE_INVALID' ? { ...i, range: undefined } : i));
}

test('renderCt: two-line entries, "kind: msg" without a position, final newline', () => {
  assert.equal(
    renderCt(sampleReport()),
    [
      'error at line 5, column 13',
      'path not absolute',
      'warning at line 7, column 7',
      'Unused key bogus',
      'error: source config is invalid',
      'info: note',
      '',
    ].join('\n'),
  );
  const deprecated = renderCt(Report.of(warningAt('CT_DEPRECATED', [], 'the create object has been deprecated')), {
    kindOf: (i) => (i.code.endsWith('_DEPRECATED') ? 'deprecated' : i.severity),
  });
  assert.equal(deprecated, 'deprecated: the create object has been deprecated\n');
  assert.equal(renderCt(Report.empty), '');
});

test('renderButaneRaw: vcontext one-line entries with every fallback', () => {
  assert.equal(
    renderButaneRaw(sampleReport()),
    [
      'error at $.storage.files.0.path, line 5 col 13: path not absolute',
      'warning at $.storage.files.0.bogus, line 7 col 7: Unused key bogus',
      'error: source config is invalid',
      'info at $.passwd: note',
      '',
    ].join('\n'),
  );
  const positionOnly = errorAt('X', [], 'mapping values are not allowed', {
    start: { line: 2, column: 3, offset: 5 },
    end: { line: 2, column: 3, offset: 5 },
  });
  assert.equal(renderButaneRaw(Report.of(positionOnly)), 'error at line 2 col 3: mapping values are not allowed\n');
  assert.equal(
    renderButaneRaw(Report.of(errorAt('X', ['a.b', 'c d', 0], 'm'))),
    'error at $.a.b.c d.0: m\n',
    'keys are printed as vcontext prints them, unquoted',
  );
  assert.equal(renderButaneRaw(Report.empty), '');
});

test('renderIgnitionValidate: one line per entry, trimmed, one final newline', () => {
  const text = '{"storage": {"files": [{"path": "etc/x"}]}}';
  const issue: Issue = errorAt('IGN_PATH', ['storage', 'files', 0, 'path'], 'path not absolute', {
    start: { line: 1, column: 33, offset: 32 },
    end: { line: 1, column: 40, offset: 39 },
  });
  assert.equal(text.slice(32, 39), '"etc/x"');
  const unused = warningAt('IGN_UNUSED_KEY', ['passwd', 'users', 0, 'bogus'], 'Unused key bogus', {
    start: { line: 1, column: 70, offset: 69 },
    end: { line: 1, column: 75, offset: 74 },
  });
  assert.equal(
    renderIgnitionValidate(Report.of(issue, unused)),
    'error at $.storage.files.0.path, line 1 col 33: path not absolute\n' +
      'warning at $.passwd.users.0.bogus, line 1 col 70: Unused key bogus\n',
  );
  const pct = Report.of(errorAt('X', ['a'], 'invalid url "data:,a%20b" at 100%'));
  assert.equal(renderIgnitionValidate(pct), 'error at $.a: invalid url "data:,a%!b(MISSING)" at 100%!(NOVERB)\n');
  assert.equal(
    renderIgnitionValidate(pct, { goFormatQuirk: false }),
    'error at $.a: invalid url "data:,a%20b" at 100%\n',
  );
  assert.equal(renderIgnitionValidate(Report.empty), '');
});

test('renderButanePretty: caret blocks, exact text', () => {
  const out = renderButanePretty(sampleReport(), { text: SOURCE });
  const want = [
    'error[$.storage.files.0.path]:',
    '  --> <stdin>:5:13',
    '   |',
    ' 3 | storage:',
    ' 4 |   files:',
    ' 5 |     - path: etc/hostname',
    '   |             ^^^^^^^^^^^^ path not absolute',
    ' 6 |       mode: 0644',
    ' 7 |       bogus: 1',
    '   |',
    '',
    'warning[$.storage.files.0.bogus]:',
    '  --> <stdin>:7:7',
    '   |',
    ' 5 |     - path: etc/hostname',
    ' 6 |       mode: 0644',
    ' 7 |       bogus: 1',
    '   |       ^^^^^^ Unused key bogus',
    ' 8 | ',
    '   |',
    '',
    'error: source config is invalid',
    '',
    'info at $.passwd: note',
    '',
  ].join('\n');
  assert.equal(out, want);
});

test('renderButanePretty: file name, wide gutter, root path, fallbacks', () => {
  const text = Array.from({ length: 12 }, (_, i) => `k${i + 1}: v`).join('\n');
  const { index } = parseYaml(text);
  const r = correlate(Report.of(errorAt('X', ['k9'], 'bad value'), errorAt('Y', [], 'whole document')), index);
  assert.equal(
    renderButanePretty(r, { text, fileName: 'config.bu' }),
    [
      'error[$.k9]:',
      '  --> config.bu:9:5',
      '    |',
      '  7 | k7: v',
      '  8 | k8: v',
      '  9 | k9: v',
      '    |     ^ bad value',
      ' 10 | k10: v',
      ' 11 | k11: v',
      '    |',
      '',
      'error:',
      '  --> config.bu:1:1',
      '   |',
      ' 1 | k1: v',
      '   | ^^^ whole document',
      ' 2 | k2: v',
      ' 3 | k3: v',
      '   |',
      '',
    ].join('\n'),
  );
  // A column past the end of its line (an empty value after "key:") falls back to the raw form.
  const empty = 'a:\nb: 1\n';
  const er = correlate(Report.of(errorAt('X', ['a'], 'a is required')), parseYaml(empty).index);
  assert.equal(er.issues[0]?.range?.start.column, 3);
  assert.equal(renderButanePretty(er, { text: empty }), 'error at $.a, line 1 col 3: a is required\n');
  // Columns count characters.
  const uni = 'name: "é-😀" x\n';
  const ur = correlate(Report.of(errorAt('X', ['name'], 'bad')), parseYaml(uni).index);
  assert.equal(renderButanePretty(ur, { text: uni }).split('\n')[4], '   |       ^^^^^ bad');
});

test('renderButanePretty: colours only when asked', () => {
  const report = Report.of(
    warningAt('X', ['a'], 'careful', {
      start: { line: 1, column: 4, offset: 3 },
      end: { line: 1, column: 5, offset: 4 },
    }),
  );
  const out = renderButanePretty(report, { text: 'a: 1', colorMode: 'always' });
  assert.equal(
    out,
    [
      '\x1b[1;33mwarning\x1b[0m[$.a]:',
      '  \x1b[1;34m-->\x1b[0m <stdin>:1:4',
      '   |',
      ' \x1b[1;34m1\x1b[0m | a: 1',
      '   |    \x1b[1;34m^\x1b[0m careful',
      '   |',
      '',
    ].join('\n'),
  );
  const red = renderButanePretty(Report.of({ ...report.issues[0]!, severity: 'error' }), {
    text: 'a: 1',
    colorMode: 'always',
  });
  assert.ok(red.startsWith('\x1b[1;31merror\x1b[0m'));
  const cyan = renderButanePretty(Report.of({ ...report.issues[0]!, severity: 'info' }), {
    text: 'a: 1',
    colorMode: 'always',
  });
  assert.ok(cyan.startsWith('\x1b[1;36minfo\x1b[0m'));
  assert.ok(!renderButanePretty(report, { text: 'a: 1' }).includes('\x1b'), 'no colour by default');
});

test('shouldColor: Butane 0.29 rules', () => {
  const rows: Array<[Parameters<typeof shouldColor>[0], boolean]> = [
    [{ colorMode: 'always', isTTY: false, env: { NO_COLOR: '1' } }, true],
    [{ colorMode: 'never', isTTY: true, env: {} }, false],
    [{ colorMode: 'auto', isTTY: true, env: {} }, true],
    [{ colorMode: 'auto', isTTY: true, env: { NO_COLOR: '' } }, false],
    [{ colorMode: 'auto', isTTY: true, env: { NO_COLOR: undefined } }, true],
    [{ colorMode: 'auto', isTTY: false, env: {} }, false],
    [{}, false],
  ];
  for (const [choice, want] of rows) assert.equal(shouldColor(choice), want, JSON.stringify(choice));
});

test('renderJson: one object per issue, positions or null', () => {
  const report = Report.of(
    errorAt('X', ['storage', 'files', 0, 'path'], 'path not absolute', {
      start: { line: 5, column: 13, offset: 60 },
      end: { line: 5, column: 25, offset: 72 },
    }),
    warningAt('Y', ['a.b'], 'w'),
  );
  assert.deepEqual(toJsonIssues(report), [
    {
      code: 'X',
      severity: 'error',
      path: '$.storage.files.0.path',
      line: 5,
      column: 13,
      endLine: 5,
      endColumn: 25,
      message: 'path not absolute',
    },
    {
      code: 'Y',
      severity: 'warning',
      path: '$["a.b"]',
      line: null,
      column: null,
      endLine: null,
      endColumn: null,
      message: 'w',
    },
  ]);
  assert.equal(
    renderJson(report),
    '[{"code":"X","severity":"error","path":"$.storage.files.0.path","line":5,"column":13,"endLine":5,"endColumn":25,"message":"path not absolute"},' +
      '{"code":"Y","severity":"warning","path":"$[\\"a.b\\"]","line":null,"column":null,"endLine":null,"endColumn":null,"message":"w"}]\n',
  );
  assert.equal(renderJson(Report.empty, { pretty: true }), '[]\n');
  assert.equal(renderJson(Report.of(warningAt('Y', [], 'w')), { pretty: true }).split('\n')[1], '  {');
});

test('Go text helpers: fmt with no arguments, TrimSpace', () => {
  const rows: Array<[string, string]> = [
    ['plain', 'plain'],
    ['100%', '100%!(NOVERB)'],
    ['a%%b', 'a%b'],
    ['%d', '%!d(MISSING)'],
    ['%5.2f', '%!f(MISSING)'],
    ['%-08s', '%!s(MISSING)'],
    ['%[1]d', '%!d(BADINDEX)'],
    ['%*d', '%!(BADWIDTH)%!d(MISSING)'],
    ['%.*d', '%!(BADPREC)%!d(MISSING)'],
    ['%é', '%!é(MISSING)'],
    ['a%20b', 'a%!b(MISSING)'],
    ['%-', '%!(NOVERB)'],
  ];
  for (const [format, want] of rows) assert.equal(goSprintfNoArgs(format), want, format);
  assert.equal(goTrimSpace('\n\t x y \u00a0\n'), 'x y');
});
