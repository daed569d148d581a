/**
 * Properties of the ct front end: whatever the text, transpileCt does not
 * throw, every issue has a known code, a config comes out only without
 * errors, and that config marshals to JSON that Ignition 2.3.0 accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import {
  ALL_SPEC_VERSIONS,
  IGNITION_ISSUE_CODES,
  marshalConfig,
  v2_3,
  validateConfigText,
} from '../../ignition/index.js';
import { SOURCE_ISSUE_CODES } from '../../source/index.js';
import { CT_ISSUE_CODES } from './codes.js';
import { transpileCt } from './transpile.js';

const KNOWN = new Set([
  ...Object.keys(CT_ISSUE_CODES),
  ...Object.keys(IGNITION_ISSUE_CODES),
  ...Object.keys(SOURCE_ISSUE_CODES),
]);

function check(text: string, platform = ''): void {
  const r = transpileCt(text, { platform, readLocal: () => ({ ok: true, data: new Uint8Array([60, 0, 255]) }) });
  for (const i of [...r.parseReport.issues, ...r.convertReport.issues])
    assert.ok(KNOWN.has(i.code), `unknown code ${i.code}`);
  const fatal = r.parseReport.isFatal() || r.convertReport.isFatal();
  assert.equal(r.config === undefined, fatal);
  if (r.config !== undefined) {
    const json = marshalConfig(v2_3.schema, r.config, { pretty: false });
    const v = validateConfigText(json, { versions: ALL_SPEC_VERSIONS });
    assert.equal(v.version, '2.3.0');
    assert.ok(!v.report.isFatal(), `${json}\n${v.report.issues.map((i) => i.message).join('\n')}`);
  }
}

const s = (...pool: string[]) => fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: 6 }));
const n = fc.oneof(
  fc.integer({ min: -3, max: 5000 }),
  fc.constantFrom(0o644, 0o755, 99999),
  fc.string({ maxLength: 3 }),
);
const b = fc.oneof(fc.boolean(), fc.constantFrom('yes', 'off', 'maybe'));
const opt = { requiredKeys: [] as never[] };
const clc = fc.record(
  {
    ignition: fc.record(
      {
        config: fc.record(
          { append: fc.array(fc.record({ source: s('http://a/b', 'x y', 'data:,a') }, opt), { maxLength: 2 }) },
          opt,
        ),
        timeouts: fc.record({ http_total: n }, opt),
      },
      opt,
    ),
    storage: fc.record(
      {
        disks: fc.array(
          fc.record(
            {
              device: s('/dev/sda'),
              wipe_table: b,
              partitions: fc.array(
                fc.record(
                  {
                    label: s('ROOT', 'a:b'),
                    number: n,
                    size: s('1GiB', '1KiB', '-1MiB', '0', '1.5GiB'),
                    start: s('0', '2MiB'),
                    type_guid: s('raid_partition', 'x'),
                  },
                  opt,
                ),
                { maxLength: 2 },
              ),
            },
            opt,
          ),
          { maxLength: 2 },
        ),
        raid: fc.array(
          fc.record(
            {
              name: s('md0'),
              level: s('raid1', 'raid0', 'x'),
              devices: fc.array(s('/dev/a'), { maxLength: 2 }),
              spares: n,
            },
            opt,
          ),
          { maxLength: 1 },
        ),
        filesystems: fc.array(
          fc.record(
            {
              name: s('data', 'root'),
              path: s('/x'),
              mount: fc.record(
                { device: s('/dev/b'), format: s('ext4', 'ntfs'), create: fc.record({ force: b }, opt) },
                opt,
              ),
            },
            opt,
          ),
          { maxLength: 2 },
        ),
        files: fc.array(
          fc.record(
            {
              path: s('/a', 'a', '/a/b'),
              filesystem: s('root', 'data'),
              mode: n,
              append: b,
              user: fc.record({ id: n, name: s('core') }, opt),
              contents: fc.record(
                {
                  inline: fc.string({ maxLength: 8 }),
                  local: s('f'),
                  remote: fc.record({ url: s('http://x/y', 'ftp://x', '%zz'), compression: s('gzip') }, opt),
                },
                opt,
              ),
            },
            opt,
          ),
          { maxLength: 3 },
        ),
        directories: fc.array(fc.record({ path: s('/d'), mode: n }, opt), { maxLength: 2 }),
        links: fc.array(fc.record({ path: s('/l'), target: s('/a'), hard: b }, opt), { maxLength: 2 }),
      },
      opt,
    ),
    systemd: fc.record(
      {
        units: fc.array(
          fc.record(
            {
              name: s('a.service', 'b'),
              enabled: b,
              enable: b,
              mask: b,
              contents: s('[Service]', '[Install]\nWantedBy=x', '[bad'),
              dropins: fc.array(fc.record({ name: s('a.conf', 'x'), contents: s('[Service]') }, opt), { maxLength: 2 }),
            },
            opt,
          ),
          { maxLength: 3 },
        ),
      },
      opt,
    ),
    networkd: fc.record(
      { units: fc.array(fc.record({ name: s('a.network', 'a'), contents: s('[Match]') }, opt), { maxLength: 2 }) },
      opt,
    ),
    passwd: fc.record(
      {
        users: fc.array(fc.record({ name: s('core'), uid: n, create: fc.record({ uid: n }, opt) }, opt), {
          maxLength: 2,
        }),
        groups: fc.array(fc.record({ name: s('g'), gid: n }, opt), { maxLength: 2 }),
      },
      opt,
    ),
    etcd: fc.record(
      {
        version: s('3.0.0', '2.3.0', '3.9.0', '4.0.0', '1.0.0', '3.5'),
        name: s('{HOSTNAME}', 'n', '{X}'),
        snapshot_count: n,
        enable_pprof: b,
      },
      opt,
    ),
    flannel: fc.record(
      {
        version: s('0.5.0', '0.7.0', '0.9.0'),
        network_config: s('{"a":1}', '{'),
        kube_subnet_mgr: b,
        etcd_endpoints: s('{PRIVATE_IPV4}'),
      },
      opt,
    ),
    docker: fc.record({ flags: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }) }, opt),
    update: fc.record({ group: s('stable', 'Beta', 'x'), server: s('http://u', '%zz') }, opt),
    locksmith: fc.record(
      {
        reboot_strategy: s('off', 'reboot', 'x'),
        window_start: s('Thu 04:00', '25:00', 'Foo 1:00'),
        window_length: s('1h', 'x'),
      },
      opt,
    ),
    version: fc.constantFrom(0, 1),
  },
  opt,
);

test('random Container Linux Configs: no throw, known codes, valid output or errors', () => {
  fc.assert(
    fc.property(clc, fc.constantFrom('', 'ec2', 'openstack-metadata', 'azure', 'mars'), (cfg, platform) => {
      check(stringify(cfg), platform);
    }),
    { numRuns: 300 },
  );
});

test('random text: no throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => check(text)),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          'storage:',
          '  files:',
          '    - path: /a',
          '      mode: 0644',
          'etcd:',
          '  name: x',
          '<<: *a',
          'x: &a',
          '  - ',
          ': ',
          '\t',
          '{',
          '[',
          '"',
        ),
        { maxLength: 12 },
      ),
      (lines) => check(lines.join('\n')),
    ),
    { numRuns: 500 },
  );
});

test('regression cases', () => {
  for (const text of [
    'storage:\n  files:\n    - path: /a\n      contents:\n        remote:\n          url: http://x\n',
    'etcd: 5\n',
    'etcd:\n  version: 9\n',
    'flannel: []\n',
    '~\n',
    '- a\n',
    'storage:\n  files: [~]\n',
  ])
    check(text);
});
