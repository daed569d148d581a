/** The pipeline in process, with an in-memory files dir: failure codes, paths, positions, ports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TranslationSet } from '../translation-set.js';
import { transpileButane, type ButanePorts } from './index.js';
import { mergeTranslated } from './merge.js';

const memFiles = (files: Record<string, string>, escapes: string[] = []): ButanePorts => ({
  files: {
    readFile: (rel) =>
      escapes.includes(rel)
        ? { ok: false, escape: true, message: 'x' }
        : rel in files
          ? { ok: true, data: new TextEncoder().encode(files[rel]) }
          : { ok: false, message: `open files/${rel}: no such file or directory` },
    walkTree: () => ({ ok: false, message: 'no trees here' }),
  },
});

test('failures before the struct: variant, version, unknown translator', () => {
  const rows: [string, string, string][] = [
    ['version: 1.0.0\n', 'BUTANE_VARIANT_MISSING', 'error parsing variant; must be specified'],
    ['variant: fcos\nversion: 1.0\n', 'BUTANE_VERSION_INVALID', 'error parsing version; must be a valid semver'],
    [
      'variant: fcos\nversion: 2.0.0\n',
      'BUTANE_VERSION_UNKNOWN',
      'No translator exists for variant fcos with version 2.0.0',
    ],
    [
      'variant: [a]\nversion: 1.0.0\n',
      'BUTANE_YAML_INVALID',
      'Error unmarshaling yaml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string',
    ],
  ];
  for (const [text, code, reason] of rows) {
    const r = transpileButane(text);
    assert.deepEqual(r.failure, { code, reason }, text);
    assert.equal(r.output, undefined);
  }
});

test('type errors are collected with their lines, as go-yaml does', () => {
  const r = transpileButane(
    'variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /a\n      mode: x\n      overwrite: maybe\n',
  );
  assert.equal(r.failure?.code, 'BUTANE_TYPE_MISMATCH');
  assert.equal(
    r.failure?.reason,
    'yaml: unmarshal errors:\n  line 6: cannot unmarshal !!str `x` into int\n  line 7: cannot unmarshal !!str `maybe` into bool',
  );
});

test('an Ignition-level error points at the YAML line it came from', () => {
  const r = transpileButane(
    'variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: a.service\n    - name: a.service\n',
  );
  assert.equal(r.failure?.code, 'BUTANE_GENERATED_INVALID');
  const dup = r.report.issues.find((i) => i.code === 'IGN_DUPLICATE');
  assert.deepEqual(dup?.path, ['systemd', 'units', 1]);
  assert.equal(dup?.range?.start.line, 6);
});

test('local files come through the port; a port-reported escape is refused with the Butane message', () => {
  const cfg = (local: string) =>
    `variant: flatcar\nversion: 1.1.0\nstorage:\n  files:\n    - path: /x\n      contents:\n        local: ${local}\n`;
  const ok = transpileButane(cfg('a'), { ports: memFiles({ a: 'A' }) });
  assert.equal(
    ok.output,
    '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/x","contents":{"compression":"","source":"data:,A"}}]}}',
  );
  const esc = transpileButane(cfg('link'), { ports: memFiles({}, ['link']) });
  assert.deepEqual(
    esc.report.issues.map((i) => [i.code, i.message]),
    [['BUTANE_FILES_DIR_ESCAPE', 'local file path traverses outside the files directory']],
  );
  const lexical = transpileButane(cfg('../../etc/passwd'), { ports: memFiles({}) });
  assert.equal(lexical.report.issues[0]?.code, 'BUTANE_FILES_DIR_ESCAPE');
  const none = transpileButane(cfg('a'));
  assert.equal(none.report.issues[0]?.code, 'BUTANE_NO_FILES_DIR');
});

test('--ignition-version: down-translation when nothing newer is used', () => {
  const r = transpileButane('variant: fcos\nversion: 1.7.0\npasswd:\n  users:\n    - name: core\n', {
    ignitionVersion: '3.0.0',
  });
  assert.equal(r.output, '{"ignition":{"version":"3.0.0"},"passwd":{"users":[{"name":"core"}]}}');
});

test('mergeTranslated: keyed entries merge in place, the rest follow; translations follow the values', () => {
  const parent = { storage: { filesystems: [{ device: '/dev/a', format: 'xfs' }] } };
  const pts = new TranslationSet().add(['boot'], ['storage', 'filesystems', 0, 'format']);
  const child = { storage: { filesystems: [{ device: '/dev/b' }, { device: '/dev/a', label: 'x' }] } };
  const cts = new TranslationSet()
    .add(['fs', 0, 'device'], ['storage', 'filesystems', 0, 'device'])
    .add(['fs', 1, 'label'], ['storage', 'filesystems', 1, 'label']);
  const { config, ts } = mergeTranslated(parent, pts, child, cts);
  assert.deepEqual(config, {
    storage: { filesystems: [{ device: '/dev/a', format: 'xfs', label: 'x' }, { device: '/dev/b' }] },
  });
  assert.deepEqual(ts.get(['storage', 'filesystems', 0, 'label']), ['fs', 1, 'label']);
  assert.deepEqual(ts.get(['storage', 'filesystems', 1, 'device']), ['fs', 0, 'device']);
  assert.deepEqual(ts.get(['storage', 'filesystems', 0, 'format']), ['boot']);
});

test("a document that begins with the end marker '...' is go-yaml's 'did not find expected node content', not an empty config", () => {
  // The texts as go-yaml v3.0.1 (Butane 0.29's) gives them: the line is the marker's, counted from 0, and left out on the first line.
  const rows: [string, string, number][] = [
    ['...\n', 'yaml: did not find expected node content', 1],
    ['\n...\n', 'yaml: line 1: did not find expected node content', 2],
    ['...\nvariant: fcos\nversion: 1.5.0\n', 'yaml: did not find expected node content', 1],
    ['# a comment\n\n... # end\nvariant: fcos\n', 'yaml: line 2: did not find expected node content', 3],
  ];
  for (const [text, message, line] of rows) {
    const r = transpileButane(text);
    assert.equal(r.failure?.code, 'BUTANE_YAML_INVALID', text);
    assert.equal(r.failure?.reason, `Error unmarshaling yaml: ${message}`, text);
    assert.deepEqual([r.failure?.range?.start.line, r.failure?.range?.start.column], [line, 1], text);
    assert.equal(r.output, undefined);
  }
  // After `---`, or after content, the marker ends the document as usual.
  assert.equal(transpileButane('---\n...\n').failure?.code, 'BUTANE_VARIANT_MISSING');
  assert.equal(transpileButane('variant: fcos\nversion: 1.5.0\n...\n').failure, undefined);
});
