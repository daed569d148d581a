import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from '../schema/index.js';
import { findSpecVersion } from '../versions.js';
import { goString, marshalConfig, marshalConverterOutput } from './index.js';

function out(version: string, json: Record<string, unknown> = {}, pretty = false): string {
  const spec = findSpecVersion(version)!;
  const d = decode(spec.schema, { ignition: { version }, ...json });
  assert.deepEqual(d.errors, []);
  return marshalConfig(spec.schema, d.value, { pretty });
}

test('empty structs are written (omitempty does not apply to struct values), as encoding/json does', () => {
  assert.equal(
    out('3.0.0'),
    '{"ignition":{"config":{"replace":{"source":null,"verification":{}}},"security":{"tls":{}},"timeouts":{},"version":"3.0.0"},"passwd":{},"storage":{},"systemd":{}}',
  );
  assert.equal(
    out('3.6.0'),
    '{"ignition":{"config":{"replace":{"verification":{}}},"proxy":{},"security":{"tls":{}},"timeouts":{},"version":"3.6.0"},"kernelArguments":{},"passwd":{},"storage":{},"systemd":{}}',
  );
});

test('fields without omitempty are always written; pointers to zero values are written; plain zero values are not', () => {
  const s = out('3.0.0', {
    ignition: { version: '3.0.0', security: { tls: { certificateAuthorities: [{ source: '' }] } } },
    storage: {
      files: [{ path: '/a', overwrite: false, mode: 0 }],
      links: [{ path: '/l' }],
      raid: [{ name: 'md', level: 'raid1' }],
      disks: [{ device: '/dev/a', partitions: [{ number: 0, label: '' }] }],
    },
  });
  assert.match(s, /"certificateAuthorities":\[\{"source":"","verification":\{\}\}\]/);
  assert.match(
    s,
    /"files":\[\{"group":\{\},"overwrite":false,"path":"\/a","user":\{\},"contents":\{"verification":\{\}\},"mode":0\}\]/,
  );
  assert.match(s, /"links":\[\{"group":\{\},"path":"\/l","user":\{\},"target":""\}\]/);
  assert.match(s, /"raid":\[\{"devices":null,"level":"raid1","name":"md"\}\]/);
  assert.match(s, /"partitions":\[\{"label":""\}\]/);
  // 3.3: link target is an omitempty pointer
  assert.match(
    out('3.3.0', { storage: { links: [{ path: '/l' }] } }),
    /"links":\[\{"group":\{\},"path":"\/l","user":\{\}\}\]/,
  );
});

test('keys in Go struct order, whatever the input order', () => {
  const s = out('3.6.0', {
    systemd: { units: [{ name: 'a.service', enabled: true, contents: 'x' }] },
    passwd: { users: [{ uid: 1, name: 'core' }] },
  });
  assert.match(
    s,
    /"passwd":\{"users":\[\{"name":"core","uid":1\}\]\},"storage":\{\},"systemd":\{"units":\[\{"contents":"x","enabled":true,"name":"a.service"\}\]\}/,
  );
});

test('strings escaped as encoding/json escapes them', () => {
  assert.equal(goString('a<b>&c'), '"a\\u003cb\\u003e\\u0026c"');
  assert.equal(goString('"\\\n\r\t\b\f\u0001\u001f'), '"\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f"');
  assert.equal(goString('\u2028\u2029é😀'), '"\\u2028\\u2029é😀"');
  assert.equal(goString('\ud800x\udc00'), '"\ufffdx\ufffd"');
});

test('--pretty: two-space indent, a final newline; empty objects stay {}', () => {
  assert.equal(
    out('3.1.0', { storage: { files: [{ path: '/a' }] } }, true),
    [
      '{',
      '  "ignition": {',
      '    "config": {',
      '      "replace": {',
      '        "verification": {}',
      '      }',
      '    },',
      '    "proxy": {},',
      '    "security": {',
      '      "tls": {}',
      '    },',
      '    "timeouts": {},',
      '    "version": "3.1.0"',
      '  },',
      '  "passwd": {},',
      '  "storage": {',
      '    "files": [',
      '      {',
      '        "group": {},',
      '        "path": "/a",',
      '        "user": {},',
      '        "contents": {',
      '          "verification": {}',
      '        }',
      '      }',
      '    ]',
      '  },',
      '  "systemd": {}',
      '}',
      '',
    ].join('\n'),
  );
});

test("marshalConverterOutput: ign-converter's CLI form (clarketm/json, one final newline)", () => {
  const spec = findSpecVersion('3.0.0')!;
  const d = decode(spec.schema, { ignition: { version: '3.0.0' } });
  assert.equal(marshalConverterOutput(spec.schema, d.value), '{"ignition":{"version":"3.0.0"}}\n');
  assert.equal(
    marshalConverterOutput(spec.schema, d.value, { pretty: true }),
    '{\n  "ignition": {\n    "version": "3.0.0"\n  }\n}\n',
  );
  const withSource = decode(spec.schema, {
    ignition: { version: '3.0.0', config: { replace: { source: 'https://e/c.ign' } } },
  });
  assert.equal(
    marshalConverterOutput(spec.schema, withSource.value),
    '{"ignition":{"config":{"replace":{"source":"https://e/c.ign"}},"version":"3.0.0"}}\n',
  );
});
