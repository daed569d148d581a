import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressModel } from '../core/index.js';
import type { CliContext } from './context.js';
import { CLEAR, ProgressLine, progressWanted, type Timer } from './progress-line.js';

function fake() {
  let out = '';
  let tick: (() => void) | undefined;
  let cleared = false;
  const timer: Timer = {
    set: (f) => {
      tick = f;
      return 1;
    },
    clear: () => void (cleared = true),
  };
  let now = 0;
  const line = new ProgressLine({ write: (t) => void (out += t) }, new ProgressModel(() => now), 30, timer);
  return { line, out: () => out, tick: () => tick!(), cleared: () => cleared, at: (ms: number) => void (now = ms) };
}

test('draws only on a tick, only when the line changed, cut to the width', () => {
  const f = fake();
  f.line.update({ kind: 'start', stage: 'files', step: 'writing file "/a/very/long/path/name"' });
  assert.equal(f.out(), '', 'nothing before the first tick');
  f.tick();
  assert.equal(f.out(), `${CLEAR}files: writing file "/a/very…`);
  f.tick();
  assert.equal(f.out(), `${CLEAR}files: writing file "/a/very…`, 'unchanged: not redrawn');
  assert.equal([...f.out().slice(CLEAR.length)].length, 29, 'one column left free (no wrap)');
});

test('log lines and stop erase the status line first; stop stops the timer', () => {
  const f = fake();
  f.line.update({ kind: 'start', stage: 'users', step: 'adding user core' });
  f.tick();
  f.line.log('[users] start adding user core\n');
  assert.equal(f.out(), `${CLEAR}users: adding user core${CLEAR}[users] start adding user core\n`);
  f.tick();
  f.line.stop();
  f.line.stop();
  assert.ok(f.cleared());
  assert.ok(f.out().endsWith(`${CLEAR}users: adding user core${CLEAR}`), JSON.stringify(f.out()));
});

test('stop without anything drawn writes nothing', () => {
  const f = fake();
  f.line.stop();
  assert.equal(f.out(), '');
});

test('progressWanted: a terminal, text output, not -q, not TERM=dumb', () => {
  const base = { stderrIsTTY: true, output: 'text', env: {}, quiet: false } as Pick<
    CliContext,
    'stderrIsTTY' | 'output' | 'env' | 'quiet'
  >;
  assert.equal(progressWanted(base), true);
  assert.equal(progressWanted({ ...base, stderrIsTTY: false }), false);
  assert.equal(progressWanted({ ...base, quiet: true }), false);
  assert.equal(progressWanted({ ...base, output: 'json' }), false);
  assert.equal(progressWanted({ ...base, env: { TERM: 'dumb' } }), false);
});
