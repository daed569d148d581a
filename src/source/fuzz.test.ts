import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { assertRangeInside } from './_test-ranges.js';
import { parseJson, parseYaml, SOURCE_ISSUE_CODES, type ParseResult } from './index.js';
import { internalErrorResult } from './parse-result.js';

const SEED_YAML = `variant: fcos
version: 1.5.0
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: |
          node1
    - path: "/etc/motd"
      user: &core {name: core}
      overwrite: yes
passwd:
  users:
    - <<: *core
      ssh_authorized_keys: ['ssh-ed25519 AAAA', "x\\ty"]
systemd:
  units: [{name: a.service, enabled: true, contents: "[Unit]\\n"}]
`;

const SEED_JSON = JSON.stringify(
  {
    ignition: { version: '3.3.0', config: { merge: [{ source: 'https://x/y' }] } },
    storage: { files: [{ path: '/etc/x', mode: 420, contents: { source: 'data:,a%20b' } }] },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['ssh-rsa AAAA'] }] },
    x: [true, false, null, -1.5e3, '\u00e9\n'],
  },
  null,
  2,
);

const PIECES = [
  ':',
  ': ',
  '-',
  '- ',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\\',
  '#',
  '&a',
  '*a',
  '!',
  '!!int',
  '!!binary',
  '|',
  '>',
  '\t',
  '\n',
  '\r\n',
  ' ',
  '  ',
  '---',
  '...',
  '%YAML 1.1',
  '<<',
  '~',
  'null',
  '0644',
  '0x',
  'yes',
  '\u0000',
  '\ufeff',
  '\ud800',
  '😀',
  'é',
  '\\u12',
  'true',
  '1e999',
  '"\\',
  '{"a":',
  '[[[[',
  ']]]]',
];

type Mutation = { kind: 'insert' | 'delete' | 'duplicate' | 'replace'; at: number; len: number; piece: string };

const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'duplicate', 'replace'),
  at: fc.nat(),
  len: fc.nat({ max: 12 }),
  piece: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })),
});

function mutate(seed: string, muts: readonly Mutation[]): string {
  let s = seed;
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.piece + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.kind === 'duplicate') s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
    else s = s.slice(0, at) + m.piece + s.slice(at + m.piece.length);
  }
  return s;
}

/** What every parse result must satisfy, whatever the input. */
function checkResult(text: string, r: ParseResult): void {
  assert.equal(r.value === undefined, r.report.isFatal(), 'value is undefined exactly when the report is fatal');
  for (const i of r.report.issues) {
    assert.ok(i.code in SOURCE_ISSUE_CODES, `unlisted code ${i.code}`);
    assert.notEqual(i.code, 'SRC_INTERNAL_ERROR', `internal error: ${i.message}`);
    assert.ok(i.range !== undefined, `${i.code} without a range`);
    assertRangeInside(text, i.range, i.code);
  }
  let n = 0;
  for (const e of r.index.entries()) {
    assertRangeInside(text, e.range, 'entry');
    if (e.keyRange !== undefined) assertRangeInside(text, e.keyRange, 'key');
    if (++n > 200) break;
  }
}

function parseBoth(text: string): void {
  for (const parse of [parseYaml, parseJson]) {
    let r: ParseResult | undefined;
    assert.doesNotThrow(() => {
      r = parse(text);
    }, JSON.stringify(text));
    checkResult(text, r as ParseResult);
  }
}

test('fuzz: mutated YAML and JSON never make the parsers throw', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(SEED_YAML, SEED_JSON),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      (seed, muts) => {
        parseBoth(mutate(seed, muts));
      },
    ),
    { numRuns: 1500 },
  );
});

test('fuzz: random texts never make the parsers throw', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.array(fc.constantFrom(...PIECES, 'a', 'b', '1'), { maxLength: 60 }).map((p) => p.join('')),
    fc.json({ maxDepth: 3 }),
  );
  fc.assert(
    fc.property(text, (t) => parseBoth(t)),
    { numRuns: 1500 },
  );
});

/** Inputs that once broke something, kept as regression cases. */
const REGRESSIONS: Record<string, string> = {
  // The yaml package's composer recursed into a stack overflow on deep flow nesting.
  'deep flow nesting': '['.repeat(20000),
  'deep block nesting': Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}- `).join('\n'),
  'alias inside its own anchor via merge': 'a: &a {<<: *a}',
  'alias bomb in keys': 'a: &a [x]\n? *a\n: 1',
  'unterminated quote after an anchor': 'a: &x "abc',
  'lone surrogate': 'a: \ud800',
  'byte order mark inside': 'a: 1\n\ufeffb: 2',
  'tab-indented flow continuation': 'a: [1,\n\t2]',
  'empty key and merge': ': x\n<<: {}',
  'json escape at the end': '"\\u',
};

test('fuzz regressions', () => {
  for (const [name, text] of Object.entries(REGRESSIONS)) {
    assert.doesNotThrow(() => parseBoth(text), name);
  }
});

test('parsers: hostile arguments and internal failures become issues', () => {
  const hostile = {
    toString: () => {
      throw new Error('no');
    },
  } as unknown as string;
  for (const parse of [parseYaml, parseJson]) {
    assert.doesNotThrow(() => parse(hostile));
    assert.doesNotThrow(() => parse('a: 1', null as never));
    assert.doesNotThrow(() => parse('[[1]]', { maxDepth: NaN, maxBytes: -1 }));
    assert.equal(parse(42 as unknown as string).report.isFatal(), false);
  }
  const bug = internalErrorResult('abc', 'yaml', new Error('boom'));
  assert.equal(bug.report.issues[0]?.code, 'SRC_INTERNAL_ERROR');
  assert.equal(bug.report.issues[0]?.message, 'internal error while parsing YAML: boom');
  assert.equal(bug.value, undefined);
  const overflow = internalErrorResult('[', 'json', new RangeError('Maximum call stack size exceeded'));
  assert.equal(overflow.report.issues[0]?.code, 'SRC_NESTING_TOO_DEEP');
});
