/**
 * Properties of the spec 1 parser and its upgrade, over random spec-1-shaped configs (mostly
 * the right shapes with rule-breaking values, now and then any JSON value in a field's place):
 * validation never throws and every issue has a known code and a message; a valid config
 * translates under both rule sets without throwing, every refusal is placed at a path the
 * spec 1 text has, and a flatcar result keeps every file and every networkd unit with contents.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseJson } from '../../source/index.js';
import {
  ALL_SPEC_VERSIONS,
  IGNITION_ISSUE_CODES,
  translateConfigText,
  validateConfigText,
  type TranslateVersion,
} from '../index.js';

const anyish = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 15, arbitrary: arb as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
const str = (...pool: string[]) =>
  anyish(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  );
const num = (...pool: number[]) =>
  anyish(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...pool) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 70000 }) },
    ),
  );
const bool = anyish(fc.boolean());
const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [] });
const list = <T>(arb: fc.Arbitrary<T>, maxLength = 2) => fc.array(arb, { maxLength });

const file = rec({
  path: str('/a', '/etc/b', '/a/c', 'rel', ''),
  contents: fc.string({ maxLength: 12 }),
  mode: num(420, 493, 0o4755, 0o10000),
  uid: num(0, 500),
  gid: num(0, 500),
});
const spec1 = fc.record(
  {
    ignitionVersion: fc.oneof(
      { weight: 20, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    storage: rec({
      disks: list(
        rec({
          device: str('/dev/sda', 'sda', ''),
          wipeTable: bool,
          partitions: list(
            rec({
              label: str('a', 'x'.repeat(40)),
              number: num(0, 1, 2),
              size: num(0, 4096),
              start: num(0, 2048, 100),
              typeGuid: str('', 'x', '0FC63DAF-8483-4772-8E79-3D69D8477DE4'),
            }),
            3,
          ),
        }),
      ),
      raid: list(
        rec({
          name: str('md0'),
          level: str('raid1', 'raid0', 'x', ''),
          devices: list(str('/dev/a', 'b')),
          spares: num(0, 1),
        }),
      ),
      filesystems: list(
        rec({
          device: str('/dev/sdb', '/dev/disk/by-label/ROOT', 'b'),
          format: str('ext4', 'btrfs', 'xfs', 'vfat', ''),
          create: anyish(rec({ force: bool, options: list(fc.string({ maxLength: 4 })) })),
          files: list(file, 3),
        }),
        3,
      ),
    }),
    systemd: rec({
      units: list(
        rec({
          name: str('a.service', 'b.timer', 'a.txt'),
          enable: bool,
          mask: bool,
          contents: str('[Install]\nWantedBy=x', '[Unit'),
          dropins: list(rec({ name: str('x.conf', 'x'), contents: str('[X]') })),
        }),
        3,
      ),
    }),
    networkd: rec({ units: list(rec({ name: str('10-a.network', 'a.txt'), contents: str('[Match]\nName=e*') })) }),
    passwd: rec({
      users: list(
        rec({
          name: str('core', 'u'),
          passwordHash: str('$6$x'),
          sshAuthorizedKeys: list(str('ssh-ed25519 A')),
          create: anyish(rec({ uid: num(0, 1001), shell: str('/bin/sh'), groups: list(str('sudo')) })),
        }),
      ),
      groups: list(rec({ name: str('g'), gid: num(0, 500) })),
    }),
    extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
  },
  { requiredKeys: ['ignitionVersion'] },
);

const known = (code: string) => code in IGNITION_ISSUE_CODES || code.startsWith('SRC_');
const TARGETS: TranslateVersion[] = ['3.0.0', '3.1.0', '3.3.0', '3.5.0'];

test('spec 1 validation never throws; issues have known codes and messages', () => {
  fc.assert(
    fc.property(spec1, (cfg) => {
      const r = validateConfigText(JSON.stringify(cfg), { versions: ALL_SPEC_VERSIONS });
      for (const i of r.report.issues) {
        assert.ok(known(i.code), i.code);
        assert.ok(i.message.length > 0 && i.message !== i.code, `${i.code} has no message`);
      }
      if (r.config !== undefined) assert.equal(r.version, '1');
    }),
    { numRuns: 400 },
  );
});

test('a valid spec 1 config translates under both rule sets: refusals at paths of the spec 1 text, flatcar keeps every file', () => {
  fc.assert(
    fc.property(spec1, fc.constantFrom(...TARGETS), (cfg, to) => {
      const text = JSON.stringify(cfg);
      const v = validateConfigText(text, { versions: ALL_SPEC_VERSIONS });
      fc.pre(v.config !== undefined && !v.report.isFatal());
      const index = parseJson(text).index;
      for (const rules of ['flatcar', 'coreos'] as const) {
        const r = translateConfigText(text, to, { rules });
        for (const i of r.report.issues) {
          assert.ok(known(i.code), i.code);
          // Refusals of the translation itself are placed in the spec 1 text (the follow-up issues of
          // INPUT_INVALID are the upgraded 2.3 config's, RESULT_INVALID's the 3.x result's).
          if (
            i.code.startsWith('IGN_TRANSLATE_') &&
            i.code !== 'IGN_TRANSLATE_RESULT_INVALID' &&
            i.code !== 'IGN_TRANSLATE_INPUT_INVALID'
          ) {
            assert.ok(index.has(i.path), `${rules} ${i.code} at ${JSON.stringify(i.path)} is not in ${text}`);
          }
        }
        if (rules === 'flatcar' && r.config !== undefined && !r.report.isFatal()) {
          const c = cfg as {
            storage?: { filesystems?: { files?: unknown[] }[] };
            networkd?: { units?: { contents?: string }[] };
          };
          // The fork writes a networkd unit as a file when it has contents.
          const units = (c.networkd?.units ?? []).filter((u) => (u.contents ?? '') !== '').length;
          const files = (c.storage?.filesystems ?? []).reduce((n, fs) => n + (fs.files ?? []).length, 0) + units;
          assert.equal(((r.config as { storage?: { files?: unknown[] } }).storage?.files ?? []).length, files);
        }
      }
    }),
    { numRuns: 300 },
  );
});
