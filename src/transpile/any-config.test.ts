import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorAt, Report } from '../core/index.js';
import { configToIgnition, detectDialect } from './any-config.js';
import { transpileButane } from './butane/index.js';
import { transpileCt } from './ct/transpile.js';
import { marshalConfig, v2_3 } from '../ignition/index.js';

test('detectDialect: variant → Butane, a CLC key → CLC, anything else (JSON, nothing, other YAML) → Ignition', () => {
  const cases: [string, string][] = [
    ['variant: fcos\nversion: 1.5.0\n', 'butane'],
    ['# a comment\n---\nversion: 1.0.0\nvariant: flatcar\n', 'butane'],
    ['"variant": fcos\n', 'butane'],
    ['{"variant": "fcos", "version": "1.5.0"}', 'butane'],
    ['{"ignition": {"version": "3.3.0"}}', 'ignition'],
    ['\uFEFF  {"ignition": {"version": "2.3.0"}}', 'ignition'],
    ['{"ignition":', 'ignition'],
    ['{}', 'ignition'],
    ['', 'ignition'],
    ['  \n', 'ignition'],
    ['\u0000\u0000\u0000', 'ignition'],
    ['passwd:\n  users:\n    - name: core\n', 'clc'],
    ['storage:\n  files:\n    - path: /x\n      contents:\n        inline: |\n          variant: fcos\n', 'clc'],
    ['passwd: {}\n---\nvariant: fcos\n', 'clc'],
    ['passwd: {}\n...\nvariant: fcos\n', 'clc'],
    ['variants: 1\npasswd: {}\n', 'clc'],
    ['"systemd":\n  units: []\n', 'clc'],
    ['# only a comment\n', 'ignition'],
    ['hello: world\n', 'ignition'],
    ['[{"ignition": {"version": "3.3.0"}}]', 'ignition'],
    ['- a\n- b\n', 'ignition'],
    ['x:\n  storage: {}\n', 'ignition'],
    ['...\nvariant: fcos\n', 'butane'],
    ['\n...\nstorage: {}\n', 'clc'],
  ];
  for (const [text, want] of cases) assert.equal(detectDialect(text), want, JSON.stringify(text));
});

test('Butane and CLC give what their transpilers give; Ignition is passed through', () => {
  const bu =
    'variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /etc/a\n      contents:\n        inline: hi\n';
  const b = configToIgnition(bu);
  assert.equal(b.dialect, 'butane');
  assert.equal(b.ignition, transpileButane(bu).output);
  const clc =
    'storage:\n  files:\n    - path: /etc/a\n      filesystem: root\n      mode: 0644\n      contents:\n        inline: hi\n';
  const c = configToIgnition(clc);
  assert.equal(c.dialect, 'clc');
  assert.equal(c.ignition, marshalConfig(v2_3.schema, transpileCt(clc).config!, { pretty: false }));
  const ign = '{"ignition":{"version":"3.0.0"}}';
  const i = configToIgnition(new TextEncoder().encode(ign));
  assert.deepEqual([i.dialect, i.ignition, i.report.isEmpty], ['ignition', ign, true]);
  const r = Report.of(errorAt('X', ['storage'], 'm'));
  assert.equal(i.mapBack(r), r);
});

test('--dialect forces the reading', () => {
  const clcAsButane = configToIgnition('passwd: {}\n', { dialect: 'butane' });
  assert.equal(clcAsButane.ignition, undefined);
  assert.ok(clcAsButane.report.isFatal());
  assert.equal(configToIgnition('{"ignition":{"version":"3.0.0"}}', { dialect: 'clc' }).dialect, 'clc');
});

test('a YAML error, a transpile error and an Ignition rule all come at the YAML line:col, with no output', () => {
  const syntax = configToIgnition('variant: fcos\nversion: 1.5.0\nstorage: [\n');
  assert.equal(syntax.ignition, undefined);
  assert.equal(syntax.report.issues[0]?.range?.start.line, 3, 'butane places the unclosed flow sequence at its line');
  const rule = configToIgnition('variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: rel\n');
  assert.equal(rule.ignition, undefined);
  const e = rule.report.issues.find((x) => x.code === 'IGN_PATH_NOT_ABSOLUTE')!;
  assert.deepEqual([e.range?.start.line, e.range?.start.column], [5, 13]);
  const ct = configToIgnition('storage:\n  files:\n    - path: rel\n      filesystem: root\n');
  assert.equal(ct.ignition, undefined);
  const ce = ct.report.issues.find((x) => x.severity === 'error')!;
  assert.equal(ce.range?.start.line, 3);
});

test('mapBack places an issue about the Ignition JSON in the YAML and drops what the transpiler already said', () => {
  const bu =
    'variant: fcos\nversion: 1.5.0\nstorage:\n  filesystems:\n    - device: /dev/sda1\n      format: ext4\n      path: /var\n';
  const b = configToIgnition(bu);
  assert.ok(b.ignition !== undefined);
  const json = { start: { line: 1, column: 40, offset: 39 }, end: { line: 1, column: 45, offset: 44 } };
  const later = b.mapBack(
    new Report([errorAt('PROVISION_UNSUPPORTED_ON_ROOT', ['storage', 'filesystems', 0, 'format'], 'no', json)]),
  );
  const i = later.issues[0]!;
  assert.deepEqual(i.path, ['storage', 'filesystems', 0, 'format']);
  assert.deepEqual([i.range?.start.line, i.range?.start.column], [6, 15]);

  const clc = 'storage:\n  files:\n    - path: /etc/a\n      filesystem: root\n      contents:\n        inline: hi\n';
  const c = configToIgnition(clc);
  assert.ok(c.ignition !== undefined);
  const warned = c.report.issues.find((x) => x.severity === 'warning')!;
  assert.ok(warned !== undefined, 'ct warns about the unset mode');
  const ci = c.mapBack(
    new Report([errorAt('X', ['storage', 'files', 0, 'path'], 'bad', json), { ...warned, range: json }]),
  );
  assert.equal(ci.issues.length, 1, 'the repeated warning is left out');
  assert.deepEqual([ci.issues[0]!.range?.start.line, ci.issues[0]!.range?.start.column], [3, 13]);
});
