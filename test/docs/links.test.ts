import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/hull.js';

// Every relative link of README.md, web/README.md and docs/*.md (inline `[text](target)` links and reference
// definitions `[ref]: target`) names a file or directory of the repository. Code spans and
// fenced code blocks are not links; URLs with a scheme, mailto: and pure #anchors are skipped.

/** The markdown text with fenced code blocks and code spans blanked (same length, so positions stay). */
function withoutCode(md: string): string {
  return md
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(`+)[^`\n][\s\S]*?\1/g, (m) => ' '.repeat(m.length));
}

/** The link targets of a markdown text, with their line numbers. */
function linksOf(md: string): { target: string; line: number }[] {
  const text = withoutCode(md);
  const out: { target: string; line: number }[] = [];
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    out.push({ target: m[1]!, line: lineAt(m.index) });
  // A reference definition cannot interrupt a paragraph: it follows a blank line or another definition.
  const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;
  const lines = text.split('\n');
  lines.forEach((l, n) => {
    const m = definition.exec(l);
    if (m !== null && (n === 0 || lines[n - 1]!.trim() === '' || definition.test(lines[n - 1]!)))
      out.push({ target: m[1]!, line: n + 1 });
  });
  return out;
}

const isRelative = (t: string) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#') && !t.startsWith('//');

const PAGES = [
  'README.md',
  'web/README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

test('every relative link in README.md, web/README.md and docs/*.md points at a file of the repository', () => {
  assert.ok(PAGES.length > 10);
  const broken: string[] = [];
  let checked = 0;
  for (const page of PAGES) {
    const file = join(REPO, page);
    for (const { target, line } of linksOf(readFileSync(file, 'utf8'))) {
      if (!isRelative(target)) continue;
      const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
      if (path === '') continue;
      const to = resolve(dirname(file), path);
      checked++;
      if (relative(REPO, to).startsWith('..') || !existsSync(to)) broken.push(`${page}:${line}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 20, `${checked} links checked`);
});

test('the link reader finds inline and reference links and skips code', () => {
  const md = [
    'See [a](a.md) and [b](./b/c.md#part "title") and [web](https://x.invalid/y.md) and [top](#top).',
    '`[not](code.md)` and',
    '```',
    '[not](fenced.md)',
    '```',
    '',
    '[ref]: docs/ref.md',
    'text running on',
    '[Install]: not a definition inside a paragraph',
  ].join('\n');
  assert.deepEqual(linksOf(md), [
    { target: 'a.md', line: 1 },
    { target: './b/c.md#part', line: 1 },
    { target: 'https://x.invalid/y.md', line: 1 },
    { target: '#top', line: 1 },
    { target: 'docs/ref.md', line: 7 },
  ]);
  assert.deepEqual(
    linksOf(md)
      .filter((l) => isRelative(l.target))
      .map((l) => l.target),
    ['a.md', './b/c.md#part', 'docs/ref.md'],
  );
});
