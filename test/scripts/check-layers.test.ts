import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkLayers } from '../../scripts/check-layers.js';
import { REPO } from '../helpers/hull.js';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A throw-away tree with one src/ file per entry. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hull-layers-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check-layers', () => {
  test('the repository itself has no violations', () => {
    assert.deepEqual(checkLayers(REPO), []);
  });

  const rows: Array<{ name: string; files: Record<string, string>; file: string; line: number; message: RegExp }> = [
    {
      name: 'core imports another area',
      files: { 'src/core/a.ts': "import { x } from '../source/x.js';\n", 'src/source/x.ts': 'export const x = 1;\n' },
      file: 'src/core/a.ts',
      line: 1,
      message: /src\/core may not import src\/source/,
    },
    {
      name: 'source imports a package that is not yaml',
      files: { 'src/source/a.ts': "// ok\nimport { Command } from 'commander';\n" },
      file: 'src/source/a.ts',
      line: 2,
      message: /may not import the package 'commander'/,
    },
    {
      name: 'a pure area imports node:fs',
      files: { 'src/ignition/a.ts': "\n\nimport { readFileSync } from 'node:fs';\n" },
      file: 'src/ignition/a.ts',
      line: 3,
      message: /only src\/adapters may import Node built-ins/,
    },
    {
      name: 'a bare built-in name counts as node:*',
      files: { 'src/http/a.ts': "import fs from 'fs';\n" },
      file: 'src/http/a.ts',
      line: 1,
      message: /Node built-ins \('fs'\)/,
    },
    {
      name: 'an engine reads the environment',
      files: { 'src/disk/a.ts': 'export const v = process.env.X;\n' },
      file: 'src/disk/a.ts',
      line: 1,
      message: /src\/disk is platform-free: no process\.env/,
    },
    {
      name: 'an adapter reads the environment through an element access',
      files: { 'src/adapters/a.ts': "\nexport const v = process['env'];\n" },
      file: 'src/adapters/a.ts',
      line: 2,
      message: /only src\/cli and src\/http may use process\.env/,
    },
    {
      name: 'an adapter takes process under another name',
      files: { 'src/adapters/a.ts': 'const p = process;\nexport const v = p.env;\n' },
      file: 'src/adapters/a.ts',
      line: 1,
      message: /only src\/cli and src\/http may use process \(/,
    },
    {
      name: 'an adapter reads the working directory',
      files: { 'src/adapters/a.ts': 'export const here = () => process.cwd();\n' },
      file: 'src/adapters/a.ts',
      line: 1,
      message: /may use process\.cwd/,
    },
    {
      name: 'a pure area uses Buffer',
      files: { 'src/source/a.ts': "export const b = (s: string) => Buffer.from(s, 'utf8');\n" },
      file: 'src/source/a.ts',
      line: 1,
      message: /src\/source is platform-free: no Buffer/,
    },
    {
      name: 'an engine asks the platform',
      files: { 'src/journal/a.ts': "export const linux = process.platform === 'linux';\n" },
      file: 'src/journal/a.ts',
      line: 1,
      message: /src\/journal is platform-free: no process\.platform/,
    },
    {
      name: 'an adapter prints',
      files: { 'src/adapters/a.ts': 'export function f() {\n  console.log(1);\n}\n' },
      file: 'src/adapters/a.ts',
      line: 2,
      message: /may use console\.log/,
    },
    {
      name: 'a driver outside adapters',
      files: { 'src/http/a.ts': "import pg from 'pg';\n" },
      file: 'src/http/a.ts',
      line: 1,
      message: /may not import the package 'pg'/,
    },
    {
      name: 'an adapter imports the CLI',
      files: { 'src/adapters/a.ts': "export * from '../cli/x.js';\n", 'src/cli/x.ts': 'export {};\n' },
      file: 'src/adapters/a.ts',
      line: 1,
      message: /src\/adapters may not import src\/cli/,
    },
    {
      name: 'an engine imports an engine without a declared edge',
      files: { 'src/disk/a.ts': "const m = await import('../update/x.js');\n", 'src/update/x.ts': 'export {};\n' },
      file: 'src/disk/a.ts',
      line: 1,
      message: /src\/disk may not import src\/update/,
    },
    {
      name: 'go imports source (go sits below source: core only)',
      files: { 'src/go/a.ts': "import { x } from '../source/x.js';\n", 'src/source/x.ts': 'export const x = 1;\n' },
      file: 'src/go/a.ts',
      line: 1,
      message: /src\/go may not import src\/source/,
    },
    {
      name: 'go imports a Node built-in',
      files: { 'src/go/a.ts': "\nimport { crc32 } from 'node:zlib';\n" },
      file: 'src/go/a.ts',
      line: 2,
      message: /only src\/adapters may import Node built-ins/,
    },
    {
      name: 'go reads the environment',
      files: { 'src/go/a.ts': 'export const v = process.env.GODEBUG;\n' },
      file: 'src/go/a.ts',
      line: 1,
      message: /src\/go is platform-free: no process\.env/,
    },
    {
      name: 'another area enters go by a side door',
      files: {
        'src/ignition/a.ts': "import { pathClean } from '../go/path.js';\n",
        'src/go/path.ts': 'export const pathClean = 1;\n',
      },
      file: 'src/ignition/a.ts',
      line: 1,
      message: /src\/go is entered only through src\/go\/index\.ts/,
    },
    {
      name: 'an engine enters another area by a side door',
      files: {
        'src/update/a.ts': "import { x } from '../disk/gpt/x.js';\nexport const y = x;\n",
        'src/disk/gpt/x.ts': 'export const x = 1;\n',
      },
      file: 'src/update/a.ts',
      line: 1,
      message: /src\/disk is entered only through src\/disk\/index\.ts \('\.\.\/disk\/gpt\/x\.js'\)/,
    },
    {
      name: 'a nested index.ts is no door',
      files: {
        'src/cli/a.ts': "import { x } from '../disk/gpt/index.js';\nexport const y = x;\n",
        'src/disk/gpt/index.ts': 'export const x = 1;\n',
      },
      file: 'src/cli/a.ts',
      line: 1,
      message: /src\/disk is entered only through src\/disk\/index\.ts/,
    },
    {
      name: 'a type-only import by a side door',
      files: {
        'src/http/a.ts': "\nimport type { T } from '../journal/entry.js';\nexport type U = T;\n",
        'src/journal/entry.ts': 'export type T = number;\n',
      },
      file: 'src/http/a.ts',
      line: 2,
      message: /src\/journal is entered only through src\/journal\/index\.ts/,
    },
    {
      name: 'a dynamic import by a side door',
      files: {
        'src/cli/a.ts': "export const f = async () => (await import('../update/agent/x.js')).x;\n",
        'src/update/agent/x.ts': 'export const x = 1;\n',
      },
      file: 'src/cli/a.ts',
      line: 1,
      message: /src\/update is entered only through src\/update\/index\.ts/,
    },
    {
      name: 'one folder of src/adapters enters another by a side door',
      files: {
        'src/adapters/node/a.ts': "import { open } from '../db/open-store.js';\nexport const o = open;\n",
        'src/adapters/db/open-store.ts': 'export const open = 1;\n',
      },
      file: 'src/adapters/node/a.ts',
      line: 1,
      message: /src\/adapters\/db is entered only through src\/adapters\/db\/index\.ts/,
    },
    {
      name: 'another area enters a folder of src/adapters by a side door',
      files: {
        'src/cli/a.ts': "import { r } from '../adapters/node/read.js';\nexport const c = r;\n",
        'src/adapters/node/read.ts': 'export const r = 1;\n',
      },
      file: 'src/cli/a.ts',
      line: 1,
      message: /src\/adapters\/node is entered only through src\/adapters\/node\/index\.ts/,
    },
    {
      name: 'a folder that is no area',
      files: { 'src/misc/a.ts': 'export {};\n' },
      file: 'src/misc/a.ts',
      line: 1,
      message: /src\/misc is not an area/,
    },
  ];
  for (const row of rows) {
    test(`fails when ${row.name}`, () => {
      const violations = checkLayers(tree(row.files));
      assert.equal(violations.length, 1, JSON.stringify(violations));
      assert.equal(violations[0]!.file, row.file);
      assert.equal(violations[0]!.line, row.line);
      assert.match(violations[0]!.message, row.message);
    });
  }

  test('allowed uses pass: update → disk and areas through their doors, adapters → node:fs and process.pid, shadowed names, test files exempt', () => {
    const root = tree({
      'src/update/a.ts': "import { x } from '../disk/index.js';\nexport const y = x;\n",
      'src/disk/index.ts': "export { x } from './gpt/x.js';\n",
      // inside an area, modules import each other directly
      'src/disk/gpt/x.ts':
        "import type { Issue } from '../../core/index.js';\nimport { z } from '../z.js';\nexport const x = z;\nexport type I = Issue;\n",
      'src/disk/z.ts': 'export const z = 1;\n',
      'src/core/index.ts': "export type { Issue } from './issue.js';\n",
      'src/core/issue.ts': 'export interface Issue { code: string }\n',
      // each folder of src/adapters is its own area: another folder enters it through its index.ts
      'src/adapters/node/a.ts':
        "import { open } from '../db/index.js';\nimport { b } from './b.js';\nexport const o = [open, b];\n",
      'src/adapters/node/b.ts': 'export const b = 1;\n',
      'src/adapters/db/index.ts': "export { open } from './open-store.js';\n",
      'src/adapters/db/open-store.ts': 'export const open = 1;\n',
      // tests are exempt
      'src/cli/a.test.ts': "import { open } from '../adapters/db/open-store.js';\nexport const o = open;\n",
      'src/adapters/f.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/core/a.test.ts': "import assert from 'node:assert';\nconsole.log(process.env.X, assert);\n",
      // A local binding shadows the global; a property named so is no use of it; an adapter may ask its pid.
      'src/ignition/b.ts':
        'export function f(process: { env: string }, o: { console: number }) {\n  return [process.env, o.console];\n}\n',
      'src/adapters/g.ts': 'export const pid = process.pid;\nexport const k = (n: number) => process.kill(n);\n',
      // go through its door from a pure area; go's own files import each other freely.
      'src/source/c.ts': "import { pathClean } from '../go/index.js';\nexport const c = pathClean;\n",
      'src/go/index.ts': "export { pathClean } from './path.js';\n",
      'src/go/path.ts': "import type { Issue } from '../core/index.js';\nexport const pathClean = (i: Issue) => i;\n",
    });
    assert.deepEqual(checkLayers(root), []);
  });

  test('the command exits 1 and prints file:line on a violating tree, 0 on a clean one', () => {
    const bad = tree({ 'src/core/a.ts': "import fs from 'node:fs';\n" });
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts/check-layers.ts'), bad], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^src\/core\/a\.ts:1: only src\/adapters may import Node built-ins/m);
    const good = tree({ 'src/core/a.ts': 'export const a = 1;\n' });
    const ok = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts/check-layers.ts'), good], {
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
  });
});
