/**
 * Records test/fixtures/ignition/v2_3-corpus.json: spec 2.3.0 configs (hand-written
 * ones, then random ones from a fixed seed) with what Ignition v0.36.2's 2.3
 * validator (the one ct 0.9.4 vendors) reports for each: the verdict and every
 * entry's kind and message. test/interop/ignition-v2_3.test.ts compares Hull.
 *
 * Usage: IGN23_VALIDATE_BIN=/path/to/validator npx tsx test/interop/record-ignition-v2_3.ts
 * The validator reads a config on stdin and prints its report entries as a
 * JSON array ({kind, message, line, column}); exit 1 when one is an error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { HAND_WRITTEN } from './ignition-v2_3-cases.js';

const bin = process.env['IGN23_VALIDATE_BIN'];
if (!bin) {
  process.stderr.write('IGN23_VALIDATE_BIN is not set: point it at a validator built from Ignition v0.36.2 config/validate (see the header)\n');
  process.exit(2);
}

const anyish = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 12, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const str = (...pool: string[]) => anyish(fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: 8 })));
const num = anyish(fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0, 420, 0o10000, 2048, 4096)));
const bool = anyish(fc.boolean());
const node = { filesystem: str('root', 'oem', ''), path: str('/a', 'a', '', '/a/b'), mode: num, user: anyish(fc.record({ id: num, name: str('core') }, { requiredKeys: [] })), overwrite: bool };
const config = fc.record(
  {
    ignition: fc.record({ version: fc.constant('2.3.0'), config: anyish(fc.record({ append: fc.array(fc.record({ source: str('data:,x', 'ftp://x', 's3://b/k?versionId='), verification: fc.record({ hash: str('sha512-x', 'md5-a', 'x') }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] })) }),
    storage: fc.record(
      {
        files: fc.array(fc.record({ ...node, append: bool, contents: fc.record({ source: str('data:,x', 'oem:///x', 'tftp://h/x', 'data:;base64,@'), compression: str('gzip', 'xz') }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 3 }),
        directories: fc.array(fc.record(node, { requiredKeys: [] }), { maxLength: 2 }),
        links: fc.array(fc.record({ ...node, target: str('/t'), hard: bool }, { requiredKeys: [] }), { maxLength: 2 }),
        disks: fc.array(fc.record({ device: str('/dev/sda', 'sda', ''), partitions: fc.array(fc.record({ number: num, start: num, size: num, sizeMiB: num, startMiB: num, label: str('a:b', 'x'.repeat(40)), guid: str('x'), typeGuid: str('x'), shouldExist: bool }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }),
        filesystems: fc.array(fc.record({ name: str('root', 'oem'), path: str('/x', 'x'), mount: anyish(fc.record({ device: str('/dev/sdb', 'b'), format: str('ext4', 'vfat', 'zfs'), label: str('x'.repeat(20)), create: anyish(fc.record({ force: bool, options: fc.array(fc.string()) }, { requiredKeys: [] })), wipeFilesystem: bool, options: fc.array(fc.string(), { maxLength: 2 }) }, { requiredKeys: [] })) }, { requiredKeys: [] }), { maxLength: 2 }),
        raid: fc.array(fc.record({ name: str('md'), level: str('raid0', 'raid1', 'x'), devices: fc.array(str('/dev/a', 'a'), { maxLength: 2 }), spares: num }, { requiredKeys: [] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    systemd: fc.record({ units: fc.array(fc.record({ name: str('a.service', 'a.txt'), contents: str('[Install]\nWantedBy=x', '[Unit', '[Unit]\nA=b'), enable: bool, enabled: bool, mask: bool, dropins: fc.array(fc.record({ name: str('x.conf', 'x'), contents: str('[X') }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }),
    networkd: fc.record({ units: fc.array(fc.record({ name: str('a.network', 'a.service'), contents: str('[X') }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
    passwd: fc.record({ users: fc.array(fc.record({ name: str('core'), create: anyish(fc.record({ uid: num, shell: str('/bin/sh') }, { requiredKeys: [] })), shell: str('/bin/sh'), uid: num }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['ignition'] },
);


const random = fc.sample(config, { numRuns: 300, seed: 2323 }).map((c) => JSON.stringify(c));
const cases = [...HAND_WRITTEN, ...random].map((text) => {
  const r = spawnSync(bin, [], { input: text, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`validator failed on ${text}: ${r.stderr}`);
  const entries = ((JSON.parse(r.stdout) ?? []) as { kind: string; message: string }[]).map((e) => `${e.kind}: ${e.message.replace(/^unmarshal: /, '')}`).sort();
  return { config: text, fatal: r.status === 1, entries };
});
writeFileSync(new URL('../fixtures/ignition/v2_3-corpus.json', import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
process.stdout.write(`recorded ${cases.length} configs\n`);
