import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-completion-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function script(shell: string): string {
  const r = runHull(['completion', shell]);
  assert.equal(r.status, 0, r.stderr);
  const file = join(dir, `hull.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** Runs `shell args`; a shell that is missing fails with the install command. */
function sh(shell: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(shell, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${shell} is missing: run scripts/setup-system (or: apt-get install -y ${shell})`);
  }
  return r;
}

/** What bash's completion function offers for the words typed so far (the last one is being completed). */
function bashComplete(file: string, words: string[]): string[] {
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = sh('bash', [
    '-c',
    `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _hull; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('hull completion', () => {
  test('bash: the script parses, hull di<TAB> offers disk, options and nested subcommands too', () => {
    const file = script('bash');
    const n = sh('bash', ['-n', file]);
    assert.equal(n.status, 0, n.stderr);
    assert.deepEqual(bashComplete(file, ['hull', 'di']), ['disk']);
    assert.deepEqual(bashComplete(file, ['hull', 'ig']), ['ignition']);
    assert.deepEqual(bashComplete(file, ['hull', '-o', 'json', 'disk', 'cr']), ['create']);
    assert.deepEqual(bashComplete(file, ['hull', 'disk', 'create', '--s']).sort(), ['--sector-size', '--size']);
    assert.deepEqual(bashComplete(file, ['hull', '--vers']), ['--version']);
    assert.ok(bashComplete(file, ['hull', 'ignition', 'validate', '--']).includes('--accept-v2'));
  });

  test('zsh: the script parses and knows the subcommands', () => {
    const file = script('zsh');
    const n = sh('zsh', ['-n', file]);
    assert.equal(n.status, 0, n.stderr);
    const r = sh('zsh', [
      '-c',
      `autoload -U compinit; compinit -u -D; source '${file}'; _hull_subs ''; _hull_opts 'disk create'`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\bdisk\b/);
    assert.match(r.stdout, /--size/);
  });

  test('fish: the script parses and hull di<TAB> offers disk', () => {
    const file = script('fish');
    const n = sh('fish', ['-n', file]);
    assert.equal(n.status, 0, n.stderr);
    const r = sh('fish', [
      '--no-config',
      '-c',
      `source '${file}'; complete -C 'hull di'; complete -C 'hull disk create --s'`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').map((l) => l.split('\t')[0]);
    assert.ok(lines.includes('disk'), r.stdout);
    assert.ok(lines.includes('--size') && lines.includes('--sector-size'), r.stdout);
  });

  test('an unknown shell is a usage error pointing at the command help', () => {
    const r = runHull(['completion', 'tcsh']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /error USAGE: .*'tcsh'.*bash, zsh, fish/);
    assert.match(r.stderr, /^hull: run 'hull completion --help' for usage$/m);
  });
});
