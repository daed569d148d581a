import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Spreading an array into a call passes each element on the stack: past about
// 120 000 elements (a config with 130 000 unknown keys, a GPT with 125 000 bad
// entries) it throws "Maximum call stack size exceeded". src/ uses pushAll
// (src/core/push-all.ts) or a loop instead; this keeps the forms out. A call
// whose argument count has a small fixed bound may stay when its line says so
// with a `// bounded spread: <why>` comment.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const FORBIDDEN = [
  /\.push\(\s*\.\.\./,
  /\.unshift\(\s*\.\.\./,
  /Math\.(max|min)\(\s*\.\.\./,
  /String\.(fromCharCode|fromCodePoint)\(\s*\.\.\./,
  /\.with\(\s*\.\.\./,
  /\.concat\(\s*\.\.\./,
  /\.apply\([^,()]*,/, // fn.apply(thisArg, args); a method of one argument named apply is no spread
];

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) yield p;
  }
}

test('src/ spreads no array into a call (push(...xs), Math.max(...xs), ...)', () => {
  const hits: string[] = [];
  for (const f of files(SRC)) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.trim();
        if (code.startsWith('*') || code.startsWith('//')) return; // comments may name the forms
        if (line.includes('// bounded spread: ')) return;
        if (FORBIDDEN.some((re) => re.test(line))) hits.push(`${relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(hits, []);
});
