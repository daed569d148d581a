/**
 * Fuzzing `validateConfigText(text)` (src/ignition/index.ts): 100 000 random
 * and mutated configs, split over several properties. The API must never
 * throw, whatever the text; every problem comes back as an issue in the
 * report. Seeds: the interop corpus (test/fixtures/ignition/corpus/).
 *
 * A crasher found here is kept as a file in test/fixtures/ignition/crashers/
 * (<short-name>.ign, the exact text); the first test replays all of them.
 * With HULL_FUZZ_SAVE=1 a failing run writes its counterexample there itself.
 *
 * Run: npx tsx --test test/ignition/fuzz.test.ts   (HULL_FUZZ_SEED=N to replay a seed)
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

// ---------------------------------------------------------------------------
// The API under test. Imported dynamically so this file type-checks on its
// own; the shape below is the documented contract.

interface PositionLike {
  line: number;
  column: number;
  offset: number;
}
interface IssueLike {
  code: string;
  severity: string;
  path: readonly (string | number)[];
  message: string;
  range?: { start: PositionLike; end: PositionLike };
}
interface ValidateResult {
  version: unknown;
  config: unknown;
  report: { issues: readonly IssueLike[] };
}
type ValidateConfigText = (text: string) => ValidateResult;

// HULL_FUZZ_API=/abs/path.ts points the harness at another module (harness self-tests).
const API_MODULE = process.env.HULL_FUZZ_API ?? '../../src/ignition/index.js';
let api: ValidateConfigText | undefined;
async function validateConfigText(): Promise<ValidateConfigText> {
  if (api) return api;
  let mod: { validateConfigText?: unknown };
  try {
    mod = (await import(API_MODULE)) as { validateConfigText?: unknown };
  } catch (e) {
    throw new Error(`cannot load src/ignition/index.ts (validateConfigText): ${(e as Error).message}`);
  }
  assert.equal(typeof mod.validateConfigText, 'function', 'src/ignition/index.ts must export validateConfigText(text)');
  api = mod.validateConfigText as ValidateConfigText;
  return api;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Runs the API on one text and checks the result's shape; throws (failing the property) otherwise. */
function check(validate: ValidateConfigText, text: string): void {
  let r: ValidateResult;
  try {
    r = validate(text);
  } catch (e) {
    throw new Error(
      `validateConfigText threw ${(e as Error)?.stack ?? String(e)}\non input ${JSON.stringify(text.slice(0, 2000))}`,
    );
  }
  assert.ok(r !== null && typeof r === 'object', 'result is an object');
  assert.ok(r.report && Array.isArray(r.report.issues), 'result.report.issues is an array');
  for (const i of r.report.issues) {
    assert.ok(SEVERITIES.has(i.severity), `bad severity ${String(i.severity)}`);
    assert.equal(typeof i.code, 'string');
    assert.equal(typeof i.message, 'string');
    assert.ok(Array.isArray(i.path), 'issue.path is an array');
    if (i.range) {
      // Positions, when given, point into the text.
      for (const p of [i.range.start, i.range.end]) {
        assert.ok(Number.isInteger(p.line) && p.line >= 1, `bad line ${p.line} in ${i.code}`);
        assert.ok(Number.isInteger(p.column) && p.column >= 1, `bad column ${p.column} in ${i.code}`);
        assert.ok(
          Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length,
          `offset ${p.offset} outside the text in ${i.code}`,
        );
      }
      assert.ok(i.range.start.offset <= i.range.end.offset, `range ends before it starts in ${i.code}`);
    }
  }
  // Text that is not JSON at all can never be a valid config.
  let isJson = true;
  try {
    JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (!isJson) {
    assert.ok(
      r.report.issues.some((i) => i.severity === 'error'),
      `non-JSON text without an error: ${JSON.stringify(text.slice(0, 300))}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Seeds and crashers

const CORPUS_DIR = fileURLToPath(new URL('../fixtures/ignition/corpus/', import.meta.url));
const CRASHERS_DIR = fileURLToPath(new URL('../fixtures/ignition/crashers/', import.meta.url));
const seedTexts = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.ign'))
  .sort()
  .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8'));
const seedValues: unknown[] = seedTexts.flatMap((t) => {
  try {
    const v: unknown = JSON.parse(t);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? [v] : [];
  } catch {
    return [];
  }
});

const seed = process.env.HULL_FUZZ_SEED ? Number(process.env.HULL_FUZZ_SEED) : undefined;
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

/** Runs a property; on failure with HULL_FUZZ_SAVE=1 keeps the counterexample as a crasher file. */
function runProperty<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  toText: (v: T) => string,
  numRuns: number,
  validate: ValidateConfigText,
): void {
  const out = fc.check(
    fc.property(arb, (v) => check(validate, toText(v))),
    params(numRuns) as fc.Parameters<[T]>,
  );
  if (!out.failed) {
    assert.equal(out.numRuns, numRuns, `${name}: ran ${out.numRuns} of ${numRuns}`);
    return;
  }
  const text = out.counterexample ? toText(out.counterexample[0]) : '';
  if (process.env.HULL_FUZZ_SAVE === '1' && out.counterexample) {
    mkdirSync(CRASHERS_DIR, { recursive: true });
    writeFileSync(join(CRASHERS_DIR, `${name}-seed${out.seed}.ign`), text);
  }
  assert.fail(
    `${name}: ${fc.defaultReportMessage(out) ?? 'failed'}\ncounterexample text: ${JSON.stringify(text.slice(0, 2000))}`,
  );
}

// ---------------------------------------------------------------------------
// Arbitraries: Ignition-shaped JSON

const VERSIONS = [
  '3.0.0',
  '3.1.0',
  '3.2.0',
  '3.3.0',
  '3.4.0',
  '3.5.0',
  '3.6.0',
  '3.7.0-experimental',
  '2.3.0',
  '2.2.0',
  '1',
  '3.3',
  '',
  '3.3.0 ',
  'v3.3.0',
];
const PATHS = [
  '/',
  '/etc/hosts',
  'etc/hosts',
  '/etc//x',
  '/a/../b',
  '/a/./b',
  '/opt/',
  '/opt/app',
  '/opt/app/x',
  '',
  '.',
  '..',
  '/\u0000',
  '/é/😀',
  '//',
  '/a'.repeat(50),
];
const URLS = [
  'data:,hello',
  'data:;base64,aGVsbG8=',
  'data:text/plain;charset=utf-8,%41',
  'data:',
  'data:,%zz',
  'data:;base64,@@',
  'http://example.com/x',
  'https://example.com/x?y=1#z',
  'tftp://10.0.0.1/x',
  's3://bucket/key',
  's3://bucket/key?versionId=',
  's3://',
  'gs://bucket/obj',
  'gs://',
  'arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k',
  'ftp://x',
  'file:///etc/x',
  '',
  ' ',
  '://',
  'http://[::1',
  'http://%zz',
  'HTTP://EXAMPLE.COM',
  'https://user:pw@host:99999/p',
];
const HASHES = [
  'sha512-' + 'a'.repeat(128),
  'sha256-' + 'b'.repeat(64),
  'sha512-',
  'sha512',
  'md5-abc',
  '-',
  'sha256-' + 'G'.repeat(64),
  'SHA512-' + 'a'.repeat(128),
  '',
];
const GUIDS = [
  '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  '0fc63daf-8483-4772-8e79-3d69d8477de4',
  'not-a-guid',
  '',
  '{0FC63DAF-8483-4772-8E79-3D69D8477DE4}',
  '00000000-0000-0000-0000-000000000000',
];
const UNIT_NAMES = [
  'a.service',
  'b.socket',
  'c.timer',
  'd.mount',
  'e.path',
  'foo',
  '',
  '.service',
  'x@.service',
  'x@1.service',
  'a.conf',
  'a.service.d',
];
const FORMATS = ['ext4', 'btrfs', 'xfs', 'vfat', 'swap', 'none', '', 'zfs', 'EXT4'];

const str = (pool: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...pool), fc.string({ maxLength: 6 })).map(([a, b]) => a + b) },
  );
/**
 * Ignition-shaped configs: `ignition.version` always there (mostly a known
 * version), any subset of every section. `noisy` puts a wrong-typed value in
 * now and then (a config with a type error stops before the rules, so the
 * quiet variant is the one that exercises them).
 */
function ignitionShaped(noisy: boolean, unicode: boolean): fc.Arbitrary<unknown> {
  // Without `unicode`, random strings are printable ASCII; with it, any code
  // points, astral ones included. (Kept to a smaller share of the runs: on
  // compact text with astral characters Hull's line:column lookup costs
  // O(line length) per issue, several ms per config.)
  const str = (pool: readonly string[]): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pool) },
      { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: unicode ? fc.string({ unit: 'binary', maxLength: 10 }) : fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...pool), fc.string({ maxLength: 6 })).map(([a, b]) => a + b) },
    );
  /** Mostly the right type, sometimes any JSON value (wrong types, nulls). */
  const sometimesWrong = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    noisy
      ? fc.oneof(
          { weight: 30, arbitrary: arb as fc.Arbitrary<unknown> },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        )
      : arb;
  /** An object with any subset of the model's keys, and now and then an unknown key. */
  const UNKNOWN_KEYS = ['bogus', 'filesystem', 'append', 'name', 'Path', 'contents', 'x-y', ''];
  const rec = (model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> =>
    sometimesWrong(
      fc.oneof(
        { weight: 10, arbitrary: fc.record(model, { requiredKeys: [] }) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.record(model, { requiredKeys: [] }),
              fc.constantFrom(...UNKNOWN_KEYS),
              fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)),
            )
            .map(([o, k, v]) => ({ [k]: v, ...(o as object) })),
        },
      ),
    );
  const list = (arb: fc.Arbitrary<unknown>, max = 2): fc.Arbitrary<unknown> =>
    sometimesWrong(fc.array(arb, { maxLength: max }));
  const int = sometimesWrong(
    fc.oneof(
      fc.integer({ min: -10, max: 70000 }),
      fc.constantFrom(420, 493, 511, 4095, 4096, 3565, 1023, 0, -1, 2 ** 31, 2 ** 53, 1.5),
    ),
  );
  const bool = sometimesWrong(fc.boolean());
  const hash = str(HASHES);
  const resource = rec({
    source: sometimesWrong(str(URLS)),
    compression: sometimesWrong(str(['gzip', '', 'bzip2', 'xz'])),
    verification: rec({ hash }),
    httpHeaders: list(
      rec({ name: str(['Authorization', 'X', '', 'A']), value: sometimesWrong(fc.string({ maxLength: 8 })) }),
    ),
  });
  const owner = rec({ id: int, name: str(['core', 'root', '', 'x']) });
  const node = { path: str(PATHS), overwrite: bool, user: owner, group: owner };
  const file = rec({ ...node, mode: int, contents: resource, append: list(resource, 2) });
  const dir = rec({ ...node, mode: int });
  const link = rec({ ...node, target: str(PATHS), hard: bool });
  const partition = rec({
    number: int,
    label: str(['root', 'x'.repeat(37), 'a:b', '', 'data']),
    sizeMiB: int,
    startMiB: int,
    typeGuid: str(GUIDS),
    guid: str(GUIDS),
    wipePartitionEntry: bool,
    shouldExist: bool,
    resize: bool,
  });
  const disk = rec({
    device: str(['/dev/sda', '/dev/sdb', 'sdb', '']),
    wipeTable: bool,
    partitions: list(partition, 3),
  });
  const filesystem = rec({
    device: str(['/dev/sda1', '/dev/md/x', 'sda1', '/dev/mapper/d']),
    format: str(FORMATS),
    path: str(PATHS),
    label: str(['L', 'x'.repeat(12), 'x'.repeat(17), 'x'.repeat(257)]),
    uuid: str(GUIDS),
    wipeFilesystem: bool,
    options: list(fc.string({ maxLength: 6 })),
    mountOptions: list(fc.string({ maxLength: 6 })),
  });
  const raid = rec({
    name: str(['md0', 'data', '']),
    level: str(['raid0', 'raid1', 'raid5', 'raid6', 'raid10', 'linear', 'raid7', '']),
    devices: list(str(['/dev/sda', 'x'])),
    spares: int,
    options: list(fc.string()),
  });
  const luks = rec({
    name: str(['data', 'root', '']),
    device: str(['/dev/sdb', 'sdb', '']),
    keyFile: resource,
    label: fc.string({ maxLength: 40 }),
    uuid: str(GUIDS),
    options: list(fc.string({ maxLength: 5 })),
    wipeVolume: bool,
    discard: bool,
    openOptions: list(fc.string({ maxLength: 5 })),
    clevis: rec({
      tang: list(
        rec({ url: str(URLS), thumbprint: fc.string({ maxLength: 10 }), advertisement: fc.string({ maxLength: 10 }) }),
      ),
      tpm2: bool,
      threshold: int,
      custom: rec({
        pin: str(['tpm2', 'tang', 'sss', 'foo', '']),
        config: fc.string({ maxLength: 10 }),
        needsNetwork: bool,
      }),
    }),
    cex: rec({ enabled: bool }),
  });
  const dropin = rec({
    name: str(['10-a.conf', 'x', 'a.conf', '']),
    contents: str(['[Service]\nX=1\n', '[Service', '', 'x=1']),
  });
  const unit = rec({
    name: str(UNIT_NAMES),
    enabled: bool,
    mask: bool,
    dropins: list(dropin),
    contents: str(['[Unit]\n[Install]\nWantedBy=a.target\n', '[Unit]\nDescription=x\n', '[Service', 'junk', '']),
  });
  const user = rec({
    name: str(['core', 'root', '', 'x']),
    uid: int,
    passwordHash: fc.string({ maxLength: 10 }),
    sshAuthorizedKeys: list(fc.string({ maxLength: 20 })),
    gecos: fc.string({ maxLength: 5 }),
    homeDir: str(PATHS),
    noCreateHome: bool,
    primaryGroup: fc.string({ maxLength: 5 }),
    groups: list(fc.string({ maxLength: 5 })),
    noUserGroup: bool,
    noLogInit: bool,
    shell: str(PATHS),
    system: bool,
    shouldExist: bool,
  });
  const group = rec({
    name: str(['core', 'wheel', '']),
    gid: int,
    passwordHash: fc.string({ maxLength: 5 }),
    system: bool,
    shouldExist: bool,
  });
  const karg = str(['quiet', 'a=1', 'console=ttyS0', '']);
  const version = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0', '3.6.0') },
    { weight: 1, arbitrary: sometimesWrong(str(VERSIONS)) },
  );
  const ignitionSection = fc
    .tuple(
      version,
      fc.record(
        {
          config: rec({ merge: list(resource, 2), replace: resource }),
          timeouts: rec({ httpResponseHeaders: int, httpTotal: int }),
          security: rec({ tls: rec({ certificateAuthorities: list(resource, 2) }) }),
          proxy: rec({ httpProxy: str(URLS), httpsProxy: str(URLS), noProxy: list(fc.string({ maxLength: 8 })) }),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([v, rest]) => ({ version: v, ...rest }));
  const ignitionConfig = fc.record(
    {
      ignition: ignitionSection,
      storage: rec({
        files: list(file, 3),
        directories: list(dir),
        links: list(link),
        disks: list(disk),
        raid: list(raid, 1),
        filesystems: list(filesystem),
        luks: list(luks, 1),
      }),
      systemd: rec({ units: list(unit, 3) }),
      passwd: rec({ users: list(user), groups: list(group) }),
      kernelArguments: rec({ shouldExist: list(karg), shouldNotExist: list(karg) }),
    },
    { requiredKeys: ['ignition'] },
  );
  return ignitionConfig;
}

const serialise = fc.constantFrom<(v: unknown) => string>(
  (v) => JSON.stringify(v) ?? 'null',
  (v) => JSON.stringify(v, null, 2) ?? 'null',
  (v) => JSON.stringify(v, null, '\t') ?? 'null',
);

// ---------------------------------------------------------------------------
// Tree mutations of corpus values: delete / duplicate / retype keys, random
// strings in paths, URLs, hashes and GUIDs. Duplicated keys are written
// textually (JSON.stringify cannot), so the parser sees them.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface TreeMut {
  kind: 'delete' | 'duplicate' | 'retype' | 'string' | 'version';
  pick: number;
  value: Json;
  s: string;
}
const DUP_MARK = '\u0000dup\u0000';

function containers(
  v: Json,
  out: { obj: Json[] | { [k: string]: Json } }[] = [],
): { obj: Json[] | { [k: string]: Json } }[] {
  if (v !== null && typeof v === 'object') {
    out.push({ obj: v });
    for (const c of Array.isArray(v) ? v : Object.values(v)) containers(c, out);
  }
  return out;
}
function applyTreeMut(root: Json, m: TreeMut): void {
  const all = containers(root);
  if (all.length === 0) return;
  const { obj } = all[m.pick % all.length]!;
  const keys: (string | number)[] = Array.isArray(obj)
    ? obj.map((_, i) => i)
    : Object.keys(obj).filter((k) => !k.startsWith(DUP_MARK));
  if (keys.length === 0) return;
  const k = keys[Math.floor(m.pick / all.length) % keys.length]!;
  const get = (): Json => (obj as Record<string | number, Json>)[k]!;
  const set = (v: Json): void => {
    (obj as Record<string | number, Json>)[k] = v;
  };
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(obj)) obj.splice(k as number, 1);
      else delete obj[k];
      break;
    case 'duplicate':
      if (Array.isArray(obj)) obj.push(structuredClone(get()));
      else obj[`${DUP_MARK}${k}`] = m.value; // written as a second `k`
      break;
    case 'retype':
      set(m.value);
      break;
    case 'string':
      set(typeof get() === 'string' ? (get() as string).slice(0, m.pick % 8) + m.s : m.s);
      break;
    case 'version': {
      const ign = (root as { [k: string]: Json } | null)?.['ignition'];
      if (ign && typeof ign === 'object' && !Array.isArray(ign)) ign['version'] = m.s;
      break;
    }
  }
}
/** JSON text in which keys marked as duplicates are written under their real name. */
function writeJson(v: Json, indent: string, depth = 0): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const nl = indent ? '\n' + indent.repeat(depth + 1) : '';
  const end = indent ? '\n' + indent.repeat(depth) : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v))
    return v.length === 0 ? '[]' : '[' + v.map((x) => nl + writeJson(x, indent, depth + 1)).join(',') + end + ']';
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return (
    '{' +
    entries
      .map(
        ([k, x]) =>
          nl +
          JSON.stringify(k.startsWith(DUP_MARK) ? k.slice(DUP_MARK.length) : k) +
          sep +
          writeJson(x, indent, depth + 1),
      )
      .join(',') +
    end +
    '}'
  );
}
const treeMut: fc.Arbitrary<TreeMut> = fc.record({
  kind: fc.constantFrom<TreeMut['kind']>('delete', 'duplicate', 'retype', 'string', 'string', 'version'),
  pick: fc.nat({ max: 10_000 }),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  s: fc.oneof(
    str(PATHS),
    str(URLS),
    str(HASHES),
    str(GUIDS),
    str(UNIT_NAMES),
    str(VERSIONS),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  ),
});
const mutatedSeed = fc
  .tuple(
    fc.nat({ max: seedValues.length - 1 }),
    fc.array(treeMut, { minLength: 1, maxLength: 6 }),
    fc.constantFrom('', '  ', '\t'),
  )
  .map(([i, muts, indent]) => {
    const v = structuredClone(seedValues[i]) as Json;
    for (const m of muts) applyTreeMut(v, m);
    return writeJson(v, indent);
  });

// ---------------------------------------------------------------------------
// Text mutations of corpus files: truncation, insertions, deletions.

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  'null',
  'true',
  '1e999',
  '-0',
  '0x1',
  '\n',
  '\t',
  ' ',
  '\u0000',
  '\ufeff',
  '😀',
  '"version"',
  '"3.3.0"',
  '"path"',
  '"/etc/x"',
];
interface TextMut {
  kind: 'truncate' | 'insert' | 'delete' | 'duplicate';
  at: number;
  len: number;
  piece: string;
}
const textMut: fc.Arbitrary<TextMut> = fc.record({
  kind: fc.constantFrom<TextMut['kind']>('truncate', 'insert', 'delete', 'duplicate'),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  piece: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })),
});
function applyTextMuts(s: string, muts: readonly TextMut[]): string {
  for (const m of muts) {
    const at = m.at % (s.length + 1);
    if (m.kind === 'truncate') s = s.slice(0, at);
    else if (m.kind === 'insert') s = s.slice(0, at) + m.piece + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
  }
  return s;
}
const mutatedText = fc
  .tuple(fc.nat({ max: seedTexts.length - 1 }), fc.array(textMut, { minLength: 1, maxLength: 4 }))
  .map(([i, muts]) => applyTextMuts(seedTexts[i]!, muts));

// ---------------------------------------------------------------------------

const RUNS = { shaped: 22_000, unicode: 3_000, noisy: 10_000, tree: 30_000, text: 25_000, raw: 10_000 };
assert.equal(
  Object.values(RUNS).reduce((a, b) => a + b, 0),
  100_000,
);

test('crashers kept in test/fixtures/ignition/crashers/ stay fixed', async () => {
  const validate = await validateConfigText();
  let names: string[] = [];
  try {
    names = readdirSync(CRASHERS_DIR).filter((f) => f.endsWith('.ign'));
  } catch {
    /* no crashers yet */
  }
  for (const f of names) check(validate, readFileSync(join(CRASHERS_DIR, f), 'utf8'));
});

test('the corpus seeds themselves never throw', async () => {
  const validate = await validateConfigText();
  assert.ok(seedValues.length >= 50, `only ${seedValues.length} parseable seeds`);
  for (const t of seedTexts) check(validate, t);
});

test(`fuzz: ${RUNS.shaped} random well-typed Ignition-shaped configs`, async () => {
  const validate = await validateConfigText();
  runProperty('shaped', fc.tuple(ignitionShaped(false, false), serialise), ([v, ser]) => ser(v), RUNS.shaped, validate);
});

test(`fuzz: ${RUNS.unicode} random well-typed Ignition-shaped configs with any Unicode in strings`, async () => {
  const validate = await validateConfigText();
  runProperty(
    'unicode',
    fc.tuple(ignitionShaped(false, true), serialise),
    ([v, ser]) => ser(v),
    RUNS.unicode,
    validate,
  );
});

test(`fuzz: ${RUNS.noisy} random Ignition-shaped configs with wrong-typed values`, async () => {
  const validate = await validateConfigText();
  runProperty('noisy', fc.tuple(ignitionShaped(true, false), serialise), ([v, ser]) => ser(v), RUNS.noisy, validate);
});

test(`fuzz: ${RUNS.tree} corpus configs with keys deleted, duplicated, retyped, strings replaced`, async () => {
  const validate = await validateConfigText();
  runProperty('tree', mutatedSeed, (t) => t, RUNS.tree, validate);
});

test(`fuzz: ${RUNS.text} corpus texts truncated and spliced`, async () => {
  const validate = await validateConfigText();
  runProperty('text', mutatedText, (t) => t, RUNS.text, validate);
});

test(`fuzz: ${RUNS.raw} arbitrary JSON values and strings`, async () => {
  const validate = await validateConfigText();
  const raw = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc
      .record({ ignition: fc.record({ version: fc.constantFrom(...VERSIONS) }) }, { requiredKeys: [] })
      .chain((base) =>
        fc
          .dictionary(
            fc.constantFrom('storage', 'systemd', 'passwd', 'kernelArguments', 'ignition', 'x'),
            fc.jsonValue({ maxDepth: 4 }),
          )
          .map((d) => JSON.stringify({ ...base, ...d })),
      ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  runProperty('raw', raw, (t) => t, RUNS.raw, validate);
});
