import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { APP_ERROR_CODES } from '../../src/core/index.js';
import { REPO } from '../helpers/hull.js';

// Every code Hull can report is in docs/errors.md, and every code there exists:
// AppError codes come from core's table, issue codes from each area's codes.ts
// (exports named *_ISSUE_CODES, keyed by code).

function codesFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) codesFiles(path, out);
    else if (name === 'codes.ts') out.push(path);
  }
  return out;
}

async function issueCodes(): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const file of codesFiles(join(REPO, 'src'))) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, table] of Object.entries(mod)) {
      if (!name.endsWith('_ISSUE_CODES') || typeof table !== 'object' || table === null) continue;
      for (const code of Object.keys(table)) {
        assert.ok(!codes.has(code), `${code} is defined twice (${codes.get(code)} and ${relative(REPO, file)})`);
        codes.set(code, relative(REPO, file));
      }
    }
  }
  return codes;
}

function documentedCodes(section: 'AppError' | 'Issue'): string[] {
  const text = readFileSync(join(REPO, 'docs/errors.md'), 'utf8');
  const start = text.indexOf(section === 'AppError' ? '## AppError codes' : '## Issue codes');
  assert.ok(start >= 0, `docs/errors.md has a "## ${section} codes" section`);
  const next = text.indexOf('\n## ', start + 4);
  const body = text.slice(start, next < 0 ? undefined : next);
  return [...body.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
}

test('docs/errors.md lists exactly the AppError codes of src/core/app-error-codes.ts', () => {
  const documented = documentedCodes('AppError');
  assert.equal(new Set(documented).size, documented.length, 'no AppError code is listed twice');
  assert.deepEqual([...documented].sort(), Object.keys(APP_ERROR_CODES).sort());
});

test('docs/errors.md lists exactly the issue codes of every src/**/codes.ts', async () => {
  const documented = documentedCodes('Issue');
  assert.equal(new Set(documented).size, documented.length, 'no issue code is listed twice');
  const defined = await issueCodes();
  assert.ok(defined.size > 0, 'at least one area defines issue codes');
  assert.deepEqual([...documented].sort(), [...defined.keys()].sort());
});

test('every AppError row documents the exit code and HTTP status of the table', () => {
  const text = readFileSync(join(REPO, 'docs/errors.md'), 'utf8');
  for (const [code, spec] of Object.entries(APP_ERROR_CODES)) {
    const row = new RegExp(`^\\| \`${code}\` \\| ${spec.exit} \\| ${spec.http} \\|`, 'm');
    assert.match(text, row, `row for ${code} says exit ${spec.exit}, HTTP ${spec.http}`);
  }
});
