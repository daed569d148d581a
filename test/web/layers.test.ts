import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO } from '../helpers/hull.js';

// web/ imports only the pure areas of src/ (core, source, ignition, transpile), a few pure files of
// the engines (no imports of their own: the dashboard's tables, bounds and checks), its own files,
// and the browser packages; never node:* (scripts/check-layers.ts covers src/ only).
const PURE = ['core', 'source', 'ignition', 'transpile'];
const PURE_FILES = [
  'src/update/server/model.ts',
  'src/update/server/policy-bounds.ts',
  'src/update/server/office-hours.ts',
  'src/update/omaha/error-codes.ts',
  'src/reboot/fleetlock/node-id.ts',
];
const PACKAGES =
  /^(react|react-dom(\/client)?|react\/jsx-runtime|codemirror|@codemirror\/[a-z-]+|@lezer\/highlight|react-router|recharts|@tanstack\/react-table|@tanstack\/react-virtual)$/;

test('web/src imports only pure modules of src/ and browser packages', () => {
  const dir = join(REPO, 'web', 'src');
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.tsx?$/.test(f));
  assert.ok(files.length > 3);
  const bad: string[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const here = dirname(file);
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const rel = relative(REPO, resolve(here, spec)).replace(/\.js$/, '.ts');
        const target = rel.split('/');
        const ok =
          (target[0] === 'web' && target[1] === 'src') ||
          (target[0] === 'src' && PURE.includes(target[1]!)) ||
          PURE_FILES.includes(rel);
        if (!ok) bad.push(`${f}: ${spec}`);
      } else if (!PACKAGES.test(spec)) bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the engine files web/ may import import nothing themselves (so the page never pulls in an engine)', () => {
  for (const f of PURE_FILES) {
    const refs = ts
      .preProcessFile(readFileSync(join(REPO, f), 'utf8'), true, true)
      .importedFiles.map((r) => r.fileName);
    assert.deepEqual(refs, [], f);
  }
});
