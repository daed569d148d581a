/**
 * Fuzz of the Butane front end: mutated Butane configs (seeds cover every
 * variant/version and sugar) never make transpileButane throw; every issue
 * has a known code, and a run either fails with a reason or yields JSON.
 * HULL_FUZZ_RUNS sets the number of runs (default 3000 in the suite; the
 * acceptance run is HULL_FUZZ_RUNS=100000, see docs/butane.md).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IGNITION_ISSUE_CODES } from '../../ignition/index.js';
import { SOURCE_ISSUE_CODES } from '../../source/index.js';
import { BUTANE_ISSUE_CODES, transpileButane, type ButanePorts } from './index.js';

const SEEDS = [
  `variant: fcos
version: 1.5.0
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: |
          node1
    - path: /etc/motd
      append: [{local: motd}, {source: "http://x/y"}]
  filesystems:
    - {device: /dev/vdb, format: ext4, path: /var/d, with_mount_unit: true, mount_options: [ro]}
  trees: [{local: tree, path: /opt}]
  luks: [{name: d, device: /dev/vdc, clevis: {tang: [{url: "http://t", thumbprint: x}]}, key_file: {inline: k}}]
passwd:
  users:
    - name: core
      ssh_authorized_keys: [a]
      ssh_authorized_keys_local: [keys]
systemd:
  units: [{name: a.service, enabled: true, contents_local: unit, dropins: [{name: x.conf, contents: "[Service]"}]}]
ignition:
  config:
    merge: [{inline: '{"ignition":{"version":"3.4.0"}}'}]
kernel_arguments: {should_exist: [a], should_not_exist: [b]}
`,
  `variant: flatcar
version: 1.0.0
x: &a {mode: 420}
storage:
  files: [{path: /a, <<: *a, contents: {compression: gzip, inline: x}}]
  directories: [{path: /d, mode: 755}]
  links: [{path: /l, target: /a, hard: false}]
`,
  `variant: fcos\nversion: 1.0.0\nstorage: {files: [{path: /x, contents: {inline: "é"}}]}\n`,
  `variant: flatcar\nversion: 1.2.0-experimental\nboot_device: {}\nsystemd: {quadlets: [{name: a.container}]}\n`,
];

const PIECES = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '&a',
  '*a',
  '!!int',
  '!!binary',
  '|',
  '\n',
  '  ',
  '<<',
  '~',
  '0644',
  'yes',
  '\u0000',
  'é',
  'local: ../x',
  'inline: ',
  'with_mount_unit: true',
  'version: 1.1.0',
  'variant: fcos',
];

const FILES: Record<string, string> = { motd: 'hi\n', keys: 'k1\r\nk2\n', unit: '[Unit]\n', 'tree/a': 'a' };
const ports: ButanePorts = {
  gzip: (d) => d, // length-only stand-in: the choice logic runs, the bytes do not matter here
  files: {
    readFile: (rel) =>
      rel in FILES
        ? { ok: true, data: new TextEncoder().encode(FILES[rel]!) }
        : { ok: false, message: `open ${rel}: no such file or directory` },
    walkTree: (rel) =>
      rel === 'tree'
        ? {
            ok: true,
            entries: [
              { rel: '', kind: 'dir', executable: false },
              { rel: 'a', kind: 'file', executable: false },
            ],
          }
        : { ok: false, message: `lstat ${rel}: no such file or directory` },
  },
};

const KNOWN = new Set([
  ...Object.keys(BUTANE_ISSUE_CODES),
  ...Object.keys(IGNITION_ISSUE_CODES),
  ...Object.keys(SOURCE_ISSUE_CODES),
]);

type Mutation = { kind: 'insert' | 'delete' | 'replace'; at: number; len: number; piece: string };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'replace'),
  at: fc.nat(),
  len: fc.nat({ max: 12 }),
  piece: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })),
});

function mutate(seed: string, muts: readonly Mutation[]): string {
  let s = seed;
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.piece + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else s = s.slice(0, at) + m.piece + s.slice(at + m.piece.length);
  }
  return s;
}

function check(text: string): void {
  const r = transpileButane(text, { ports });
  for (const i of r.report.issues) assert.ok(KNOWN.has(i.code), `unknown code ${i.code}`);
  if (r.failure === undefined) {
    assert.ok(r.output !== undefined);
    JSON.parse(r.output);
  } else assert.equal(r.output, undefined);
}

const RUNS = Number(process.env.HULL_FUZZ_RUNS ?? 3000);

test(`fuzz: ${RUNS} mutated Butane configs never throw`, () => {
  fc.assert(
    fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { maxLength: 6 }), (seed, muts) => {
      check(mutate(SEEDS[seed]!, muts));
    }),
    { numRuns: RUNS },
  );
});

test('fuzz seeds themselves translate or fail cleanly', () => {
  for (const s of SEEDS) check(s);
});
