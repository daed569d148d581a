import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/hull.js';

export const CT_FIXTURES = join(REPO, 'test/fixtures/ct');

/** The case folders of the ct golden corpus, sorted. */
export function listCases(): string[] {
  return readdirSync(CT_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CT_FIXTURES, d.name, 'input.yaml')))
    .map((d) => d.name)
    .sort();
}

/** The ct arguments of a case: `-in-file input.yaml` then the words of its `args` file. */
export function caseArgs(name: string): string[] {
  const f = join(CT_FIXTURES, name, 'args');
  const extra = existsSync(f)
    ? readFileSync(f, 'utf8')
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '')
    : [];
  return ['-in-file', 'input.yaml', ...extra];
}

export interface Expected {
  stdout: string;
  stderr: string;
  exit: number;
  /**
   * 'bytes' (default) or 'entries': the case's `compare` file says the
   * message texts differ from ct by design (YAML syntax errors come from the
   * `yaml` package, not libyaml), so only (kind, line, column) are compared.
   */
  compare: 'bytes' | 'entries';
}

export function expected(name: string): Expected {
  const dir = join(CT_FIXTURES, name);
  return {
    stdout: readFileSync(join(dir, 'expected.stdout'), 'utf8'),
    stderr: readFileSync(join(dir, 'expected.stderr'), 'utf8'),
    exit: Number(readFileSync(join(dir, 'expected.exit'), 'utf8').trim()),
    compare:
      existsSync(join(dir, 'compare')) && readFileSync(join(dir, 'compare'), 'utf8').trim() === 'entries'
        ? 'entries'
        : 'bytes',
  };
}
