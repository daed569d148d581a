import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseYaml } from '../../source/index.js';
import { DIALECT_IDS, DIALECTS, readTranspileRequest, resolveTarget, transpile } from '../index.js';

describe('playground facade', () => {
  test('the registry has a slot per dialect', () => {
    assert.deepEqual(Object.keys(DIALECTS), [...DIALECT_IDS]);
    for (const id of DIALECT_IDS) {
      assert.equal(DIALECTS[id].id, id);
      assert.ok(DIALECTS[id].examples.length > 0, `${id} has examples`);
    }
  });

  test("the YAML dialects' examples are clean YAML; Butane examples name their variant and version", () => {
    for (const id of DIALECT_IDS.filter((d) => DIALECTS[d].language === 'yaml')) {
      for (const ex of DIALECTS[id].examples) {
        const { value, report } = parseYaml(ex.source);
        assert.deepEqual(report.issues, [], `${id}: ${ex.name}`);
        if (id === 'butane') {
          const { variant, version } = value as { variant: string; version: string };
          assert.match(`${variant} ${version}`, /^(fcos 1\.[0-7]\.0|flatcar 1\.[0-2]\.0)(-experimental)?$/, ex.name);
          assert.ok(ex.name.includes(`${variant} ${version}`), `the name says ${variant} ${version}: ${ex.name}`);
        }
      }
    }
  });

  for (const id of DIALECT_IDS) {
    test(`${id}: every example transpiles to Ignition JSON without an error`, () => {
      for (const ex of DIALECTS[id].examples) {
        const r = transpile({ dialect: id, source: ex.source });
        assert.deepEqual(
          r.issues.filter((i) => i.severity === 'error'),
          [],
          ex.name,
        );
        assert.ok(r.output !== null, ex.name);
        const cfg = JSON.parse(r.output) as { ignition: { version: string } };
        assert.match(cfg.ignition.version, /^[23]\.\d\.\d/, ex.name);
      }
    });
  }

  test('ignition: an error has its code, path and line:column, and no output', () => {
    const source = '{\n  "ignition": {"version": "3.4.0"},\n  "storage": {"files": [{"path": "etc/hostname"}]}\n}\n';
    const r = transpile({ dialect: 'ignition', source });
    assert.equal(r.output, null);
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.path, i.line, i.column]),
      [['IGN_PATH_NOT_ABSOLUTE', '$.storage.files.0.path', 3, 34]],
    );
  });

  test('ignition: warnings keep the output', () => {
    const r = transpile({ dialect: 'ignition', source: '{"ignition":{"version":"3.4.0"},"bogus":1}' });
    assert.deepEqual(
      r.issues.map((i) => [i.code, i.severity]),
      [['IGN_UNUSED_KEY', 'warning']],
    );
    assert.equal(JSON.parse(r.output!).ignition.version, '3.4.0');
  });

  test('ignition: not JSON is an issue, not a throw', () => {
    const r = transpile({ dialect: 'ignition', source: 'storage: [' });
    assert.equal(r.output, null);
    assert.equal(r.issues[0]?.code, 'SRC_JSON_SYNTAX');
    assert.equal(r.issues[0]?.line, 1);
  });

  test('ignition: a target translates (2.3.0 → 3.1.0, 3.4.0 → 3.0.0) and accepts X.Y', () => {
    const v23 = DIALECTS.ignition.examples.find((e) => e.source.includes('"2.3.0"'))!;
    const up = transpile({ dialect: 'ignition', target: '3.1', source: v23.source });
    assert.deepEqual(up.issues, []);
    assert.equal(JSON.parse(up.output!).ignition.version, '3.1.0');
    const down = transpile({ dialect: 'ignition', target: '3.0.0', source: '{"ignition":{"version":"3.4.0"}}' });
    assert.equal(JSON.parse(down.output!).ignition.version, '3.0.0');
  });

  test('ignition: a spec 1 config — written back as spec 1 without a target, translated with the rule set with one', () => {
    const source =
      '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","files":[{"path":"/a","contents":"x","mode":420}]}]}}';
    const same = transpile({ dialect: 'ignition', source });
    assert.deepEqual(
      same.issues.map((i) => i.code),
      ['IGN_CONFIG_DEPRECATED'],
    );
    assert.equal(JSON.parse(same.output!).storage.filesystems[0].files[0].contents, 'x');
    const fork = transpile({ dialect: 'ignition', target: '3.4', source });
    assert.equal(JSON.parse(fork.output!).storage.files[0].path, '/tmp/_translate-filesystem-0-ign1/a');
    const co = transpile({ dialect: 'ignition', target: '3.4', rules: 'coreos', source });
    assert.equal(co.output, null);
    assert.ok(co.issues.some((i) => i.code === 'IGN_TRANSLATE_FILESYSTEM_UNMAPPED' && i.line === 1));
  });

  test('ignition: a refusal of the translation is an issue at the input line', () => {
    const source =
      '{\n"ignition": {"version": "3.4.0"},\n"storage": {"luks": [{"name": "data", "device": "/dev/sdb", "discard": true}]}\n}';
    const r = transpile({ dialect: 'ignition', target: '3.3.0', source });
    assert.equal(r.output, null);
    assert.equal(r.issues[0]?.code, 'IGN_TRANSLATE_FIELD_UNSUPPORTED');
    assert.equal(r.issues[0]?.line, 3);
  });

  test('an unknown dialect and an unsupported target are refused once, when the request is read (USAGE); 3.6 is 3.6.0', () => {
    const usage = (body: unknown, message: RegExp) =>
      assert.throws(
        () => readTranspileRequest(body),
        (e: { code?: string; message?: string }) => e.code === 'USAGE' && message.test(e.message ?? ''),
      );
    usage({ dialect: 'cloud-config', source: '' }, /unknown dialect "cloud-config"/);
    usage(
      { dialect: 'ignition', target: '2.3.0', source: '{"ignition":{"version":"3.4.0"}}' },
      /ignition cannot emit Ignition "2.3.0"/,
    );
    assert.deepEqual(readTranspileRequest({ dialect: 'ignition', target: '3.2', source: '{}' }), {
      dialect: 'ignition',
      target: '3.2.0',
      source: '{}',
    });
    assert.equal(resolveTarget('ignition', '3.6'), '3.6.0');
    assert.equal(resolveTarget('ignition', '3.7'), undefined);
  });
});
