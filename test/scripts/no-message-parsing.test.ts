import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// An issue's message is for people; code that needs a particular of it reads
// the issue's `details` (or a result field) instead of matching the text, so a
// reworded message cannot silently break a later stage (issue 19). This keeps
// regex reads of `.message` out of the config path (ignition, transpile, and
// the commands that print their issues).
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOTS = [
  'ignition',
  'transpile',
  'cli/commands/ct.ts',
  'cli/commands/butane.ts',
  'cli/commands/ignition.ts',
  'cli/commands/transpile.ts',
];
const FORBIDDEN = [
  /\.message\s*\.\s*(match|matchAll|replace|replaceAll|split|search)\s*\(\s*\//, // i.message.replace(/…/)
  /\/[dgimsuy]*\.(exec|test)\(\s*[\w.!?]*\.message\s*\)/, // /…/.exec(i.message)
];

function* files(p: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(p, { withFileTypes: true });
  } catch {
    if (p.endsWith('.ts')) yield p;
    return;
  }
  for (const e of entries) {
    const q = join(p, e.name);
    if (e.isDirectory()) yield* files(q);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) yield q;
  }
}

test('no code on the config path parses an issue message back with a regex', () => {
  const found: string[] = [];
  for (const root of ROOTS) {
    for (const file of files(join(SRC, root))) {
      // The whole text at once: a chain split over lines (`x.message\n  .replace(/…/)`) is caught too.
      const text = readFileSync(file, 'utf8');
      for (const re of FORBIDDEN) {
        for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
          const line = text.slice(0, m.index).split('\n').length;
          found.push(`${relative(SRC, file)}:${line}: ${m[0].replace(/\s+/g, ' ')}`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
});

test('the patterns catch the forms they are meant for', () => {
  const bad = [
    'const m = /^line (\\d+)/.exec(i.message);',
    "x.message.replace(/^line (\\d+): /, 'f')",
    'd.message.match(/a/)',
    "parseError.message\n      .replace(/: the x$/, '')",
  ];
  for (const line of bad)
    assert.ok(
      FORBIDDEN.some((re) => re.test(line)),
      line,
    );
  assert.ok(!FORBIDDEN.some((re) => re.test('const text = `${i.message}`;')));
});
