import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-hints-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const BU = file('x.bu', 'variant: flatcar\nversion: 1.0.0\npasswd:\n  users:\n    - name: core\n');
const CLC = file('x.yaml', 'passwd:\n  users:\n    - name: core\n');

interface Env {
  ok: boolean;
  result: unknown;
  issues: { code: string }[];
  error: { code: string; message: string; hint?: string } | null;
}

describe('the common wrong turns get a hint', () => {
  test('ignition validate --dialect ignition of a Butane config: run hull butane first (text and -o json)', () => {
    const r = runHull(['ignition', 'validate', '--dialect', 'ignition', BU]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(`^hull: hint: this looks like a Butane config: run 'hull butane ${BU}' first`, 'm'),
    );
    const j = runHull(['-o', 'json', 'ignition', 'validate', '--dialect', 'ignition', BU]);
    assert.equal(j.status, 1);
    const env = JSON.parse(j.stdout) as Env;
    assert.equal(env.ok, false);
    assert.deepEqual(
      env.issues.map((i) => i.code),
      ['SRC_JSON_SYNTAX'],
    );
    assert.equal(env.error?.code, 'INPUT_INVALID');
    assert.match(env.error?.hint ?? '', /run 'hull butane /);
  });

  test('ignition validate --dialect ignition of a Container Linux Config: run hull ct first', () => {
    const r = runHull(['ignition', 'validate', '--dialect', 'ignition', CLC]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(`^hull: hint: this looks like a Container Linux Config: run 'hull ct -in-file ${CLC}' first`, 'm'),
    );
  });

  test('ignition translate of a Butane config gets the same hint', () => {
    const r = runHull(['ignition', 'translate', '--to', '3.4', BU]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^hull: hint: this looks like a Butane config/m);
  });

  test('provision --dialect ignition of a Butane config: run hull butane first (text and -o json)', () => {
    const root = join(dir, 'root');
    mkdirSync(root, { recursive: true });
    const r = runHull(['provision', '--root', root, '--dry-run', '--dialect', 'ignition', BU]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^hull: hint: this looks like a Butane config: run 'hull butane /m);
    const j = runHull(['-o', 'json', 'provision', '--root', root, '--dry-run', '--dialect', 'ignition', BU]);
    assert.equal(j.status, 1);
    const env = JSON.parse(j.stdout) as Env;
    assert.equal(env.error?.code, 'INPUT_INVALID');
    assert.match(env.error?.hint ?? '', /Butane config/);
  });

  test('a 2.x config without --accept-v2: add it', () => {
    const r = runHull(['ignition', 'validate', '-'], { input: '{"ignition":{"version":"2.2.0"}}' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^hull: hint: .*add --accept-v2/m);
    const withIt = runHull(['ignition', 'validate', '--accept-v2', '-'], { input: '{"ignition":{"version":"2.2.0"}}' });
    assert.equal(withIt.status, 0, withIt.stdout + withIt.stderr);
    assert.doesNotMatch(withIt.stderr, /hint/);
  });

  test('a valid config or an ordinary JSON mistake gets no hint', () => {
    const ok = runHull(['ignition', 'validate', '-'], { input: '{"ignition":{"version":"3.0.0"}}' });
    assert.equal(ok.status, 0);
    assert.equal(ok.stderr, '');
    const broken = runHull(['ignition', 'validate', '-'], { input: '{"ignition":' });
    assert.equal(broken.status, 1);
    assert.doesNotMatch(broken.stderr, /hint/);
  });
});
