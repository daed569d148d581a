import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUTANE_SPECS } from '../butane/index.js';
import { transpile } from './transpile.js';
import { keysAt, type KeyInfo } from './keys.js';

const names = (keys: readonly KeyInfo[]) => keys.map((k) => k.key);
const UNKNOWN = /_UNUSED_KEY$|^CT_UNKNOWN_KEY$|^CT_DID_YOU_MEAN$/;
const placeholderOf = (k: KeyInfo) =>
  k.kind === 'object'
    ? '{}'
    : k.kind === 'list'
      ? '[]'
      : k.type === 'boolean'
        ? 'false'
        : k.type === 'integer'
          ? '1'
          : '"x"';

test("Ignition: the keys are those of the generated JSON Schema (docs/schema), by the config's own version", () => {
  for (const [version, file] of [
    ['3.4.0', 'ignition-v3_4.json'],
    ['2.3.0', 'ignition-v2_3.json'],
    ['3.0.0', 'ignition-v3_0.json'],
  ] as const) {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../docs/schema', file), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions?: Record<string, { properties?: Record<string, unknown> }>;
    };
    const source = `{"ignition": {"version": "${version}"}`;
    const answer = keysAt('ignition', source, []);
    assert.equal(answer.schema, `Ignition ${version}`);
    assert.deepEqual(names(answer.keys).sort(), Object.keys(schema.properties).sort(), version);
  }
  assert.ok(names(keysAt('ignition', '{"ignition": {"version": "3.4.0"}}', []).keys).includes('kernelArguments'));
  assert.ok(!names(keysAt('ignition', '{"ignition": {"version": "3.0.0"}}', []).keys).includes('kernelArguments'));
  // Spec 1 (ignitionVersion 1): its own keys (files inside a filesystem).
  const v1 = keysAt('ignition', '{"ignitionVersion": 1, "storage": {"filesystems": [{', ['storage', 'filesystems', 0]);
  assert.equal(v1.schema, 'Ignition 1');
  assert.deepEqual(names(v1.keys), ['device', 'format', 'create', 'files']);
  // Half typed, no version, an unknown version: the newest spec.
  assert.match(keysAt('ignition', '{"ign', []).schema, /^Ignition 3\.\d\.0$/);
  assert.deepEqual(names(keysAt('ignition', '', ['storage', 'files', 0, 'contents']).keys).sort(), [
    'compression',
    'httpHeaders',
    'source',
    'verification',
  ]);
  assert.deepEqual(keysAt('ignition', '', ['storage', 'files', 0, 'path']).keys, [], 'a scalar has no keys');
  assert.deepEqual(keysAt('ignition', '', ['nope']).keys, []);
});

test('Butane: every key offered at the top, in a file and in a unit is one the transpiler knows, for every variant/version', () => {
  for (const spec of BUTANE_SPECS) {
    const header = `variant: ${spec.variant}\nversion: ${spec.version}\n`;
    const answer = keysAt('butane', header, []);
    assert.equal(answer.schema, `Butane ${spec.variant} ${spec.version}`);
    const top = answer.keys.filter((k) => k.key !== 'variant' && k.key !== 'version');
    const places: [string, readonly KeyInfo[], (k: KeyInfo) => string][] = [
      ['top', top, (k) => `${header}${k.key}: ${placeholderOf(k)}\n`],
      [
        'file',
        keysAt('butane', header, ['storage', 'files', 0]).keys,
        (k) => `${header}storage:\n  files:\n    - ${k.key}: ${placeholderOf(k)}\n`,
      ],
      [
        'unit',
        keysAt('butane', header, ['systemd', 'units', 0]).keys,
        (k) => `${header}systemd:\n  units:\n    - ${k.key}: ${placeholderOf(k)}\n`,
      ],
    ];
    for (const [place, keys, config] of places) {
      assert.ok(keys.length > 2, `${spec.variant} ${spec.version} ${place}`);
      for (const k of keys) {
        const unknown = transpile({ dialect: 'butane', source: config(k) }).issues.filter((i) => UNKNOWN.test(i.code));
        assert.deepEqual(unknown, [], `${spec.variant} ${spec.version} ${place}: ${k.key}`);
      }
    }
  }
  assert.ok(names(keysAt('butane', 'variant: fcos\nversion: 1.5.0\n', []).keys).includes('boot_device'));
  assert.ok(!names(keysAt('butane', 'variant: flatcar\nversion: 1.1.0\n', []).keys).includes('boot_device'));
  assert.ok(
    names(keysAt('butane', 'variant: fcos\nversion: 1.5.0\n', ['storage']).keys).includes('trees'),
    'Butane sugar is offered',
  );
  // The control: a key the schema lacks is reported by the transpiler.
  const bogus = transpile({ dialect: 'butane', source: 'variant: fcos\nversion: 1.5.0\nbogus: 1\n' }).issues;
  assert.ok(bogus.some((i) => UNKNOWN.test(i.code)));
});

test('ct: the Container Linux Config keys, etcd and flannel options included, each known to the transpiler', () => {
  const top = keysAt('ct', '', []);
  assert.equal(top.schema, 'Container Linux Config');
  assert.deepEqual(names(top.keys), [
    'version',
    'ignition',
    'storage',
    'systemd',
    'networkd',
    'passwd',
    'etcd',
    'flannel',
    'update',
    'docker',
    'locksmith',
  ]);
  for (const [path, prefix] of [
    [['passwd', 'users', 0], 'passwd:\n  users:\n    - '],
    [['storage', 'files', 0], 'storage:\n  files:\n    - '],
    [['locksmith'], 'locksmith:\n  '],
  ] as const) {
    for (const k of keysAt('ct', '', path).keys) {
      const unknown = transpile({ dialect: 'ct', source: `${prefix}${k.key}: ${placeholderOf(k)}\n` }).issues.filter(
        (i) => UNKNOWN.test(i.code),
      );
      assert.deepEqual(unknown, [], `${path.join('.')}: ${k.key}`);
    }
  }
  const etcd = names(keysAt('ct', '', ['etcd']).keys);
  assert.ok(etcd.includes('version') && etcd.includes('listen_client_urls'));
  assert.ok(names(keysAt('ct', '', ['flannel']).keys).includes('etcd_endpoints'));
});
