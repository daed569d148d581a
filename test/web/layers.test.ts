import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO } from '../helpers/hull.js';

// web/ imports only the pure areas of src/ (core, source, ignition, transpile), its own files,
// and the browser packages; never node:* (scripts/check-layers.ts covers src/ only).
const PURE = ['core', 'source', 'ignition', 'transpile'];
const PACKAGES = /^(react|react-dom(\/client)?|react\/jsx-runtime|codemirror|@codemirror\/[a-z-]+|@lezer\/highlight)$/;

test('web/src imports only pure modules of src/ and browser packages', () => {
  const dir = join(REPO, 'web', 'src');
  const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f));
  assert.ok(files.length > 3);
  const bad: string[] = [];
  for (const f of files) {
    const file = join(dir, f);
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const target = relative(REPO, resolve(dir, spec)).split('/');
        const ok = (target[0] === 'web' && target[1] === 'src') || (target[0] === 'src' && PURE.includes(target[1]!));
        if (!ok) bad.push(`${f}: ${spec}`);
      } else if (!PACKAGES.test(spec)) bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
