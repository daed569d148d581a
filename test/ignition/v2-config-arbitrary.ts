/**
 * Random 2.x-shaped Ignition configs (fast-check): mostly the right shapes
 * with rule-breaking values, now and then any JSON value in a field's place.
 * Used by src/ignition/v2_3/fuzz.test.ts and test/interop/record-ignition-v2_3.ts.
 */
import fc from 'fast-check';

const anyish = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 12, arbitrary: arb as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
const str = (...pool: string[]) => anyish(fc.oneof(fc.constantFrom(...pool), fc.string({ maxLength: 8 })));
const num = anyish(fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0, 420, 0o10000, 2048, 4096)));
const bool = anyish(fc.boolean());
const node = {
  filesystem: str('root', 'oem', ''),
  path: str('/a', 'a', '', '/a/b'),
  mode: num,
  user: anyish(fc.record({ id: num, name: str('core') }, { requiredKeys: [] })),
  overwrite: bool,
};
export const v2ConfigArbitrary = (version: fc.Arbitrary<string>) =>
  fc.record(
    {
      ignition: fc.record({
        version,
        config: anyish(
          fc.record(
            {
              append: fc.array(
                fc.record(
                  {
                    source: str('data:,x', 'ftp://x', 's3://b/k?versionId='),
                    verification: fc.record({ hash: str('sha512-x', 'md5-a', 'x') }, { requiredKeys: [] }),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 2 },
              ),
            },
            { requiredKeys: [] },
          ),
        ),
      }),
      storage: fc.record(
        {
          files: fc.array(
            fc.record(
              {
                ...node,
                append: bool,
                contents: fc.record(
                  {
                    source: str('data:,x', 'oem:///x', 'tftp://h/x', 'data:;base64,@'),
                    compression: str('gzip', 'xz'),
                  },
                  { requiredKeys: [] },
                ),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          directories: fc.array(fc.record(node, { requiredKeys: [] }), { maxLength: 2 }),
          links: fc.array(fc.record({ ...node, target: str('/t'), hard: bool }, { requiredKeys: [] }), {
            maxLength: 2,
          }),
          disks: fc.array(
            fc.record(
              {
                device: str('/dev/sda', 'sda', ''),
                partitions: fc.array(
                  fc.record(
                    {
                      number: num,
                      start: num,
                      size: num,
                      sizeMiB: num,
                      startMiB: num,
                      label: str('a:b', 'x'.repeat(40)),
                      guid: str('x'),
                      typeGuid: str('x'),
                      shouldExist: bool,
                    },
                    { requiredKeys: [] },
                  ),
                  { maxLength: 3 },
                ),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 2 },
          ),
          filesystems: fc.array(
            fc.record(
              {
                name: str('root', 'oem'),
                path: str('/x', 'x'),
                mount: anyish(
                  fc.record(
                    {
                      device: str('/dev/sdb', 'b'),
                      format: str('ext4', 'vfat', 'zfs'),
                      label: str('x'.repeat(20)),
                      create: anyish(fc.record({ force: bool, options: fc.array(fc.string()) }, { requiredKeys: [] })),
                      wipeFilesystem: bool,
                      options: fc.array(fc.string(), { maxLength: 2 }),
                    },
                    { requiredKeys: [] },
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 2 },
          ),
          raid: fc.array(
            fc.record(
              {
                name: str('md'),
                level: str('raid0', 'raid1', 'x'),
                devices: fc.array(str('/dev/a', 'a'), { maxLength: 2 }),
                spares: num,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
      systemd: fc.record(
        {
          units: fc.array(
            fc.record(
              {
                name: str('a.service', 'a.txt'),
                contents: str('[Install]\nWantedBy=x', '[Unit', '[Unit]\nA=b'),
                enable: bool,
                enabled: bool,
                mask: bool,
                dropins: fc.array(fc.record({ name: str('x.conf', 'x'), contents: str('[X') }, { requiredKeys: [] }), {
                  maxLength: 2,
                }),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
      networkd: fc.record(
        {
          units: fc.array(
            fc.record({ name: str('a.network', 'a.service'), contents: str('[X') }, { requiredKeys: [] }),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
      passwd: fc.record(
        {
          users: fc.array(
            fc.record(
              {
                name: str('core'),
                create: anyish(fc.record({ uid: num, shell: str('/bin/sh') }, { requiredKeys: [] })),
                shell: str('/bin/sh'),
                uid: num,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['ignition'] },
  );
