import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, formatBytes, formatElapsed, formatRate, ProgressModel } from './progress.js';

test('formatBytes: bytes, then binary units at most four significant figures', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.00 KiB');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(10 * 1024 * 1024 + 512 * 1024), '10.5 MiB');
  assert.equal(formatBytes(512 * 1024 * 1024), '512 MiB');
  assert.equal(formatBytes(8 * 1024 ** 3), '8.00 GiB');
  assert.equal(formatBytes(2 * 1024 ** 6), '2048 PiB');
  assert.equal(formatBytes(-1), '? B');
  assert.equal(formatBytes(Number.NaN), '? B');
});

test('formatRate: bytes per second; nothing before 200 ms have passed', () => {
  assert.equal(formatRate(1024 * 1024, 1000), '1.00 MiB/s');
  assert.equal(formatRate(5 * 1024 * 1024, 2000), '2.50 MiB/s');
  assert.equal(formatRate(300, 500), '600 B/s');
  assert.equal(formatRate(1_000_000, 199), '');
});

test('formatElapsed and fitLine', () => {
  assert.equal(formatElapsed(999), '0 s');
  assert.equal(formatElapsed(3500), '3 s');
  assert.equal(formatElapsed(65_000), '1 min 05 s');
  assert.equal(fitLine('abcdef', 10), 'abcdef');
  assert.equal(fitLine('abcdef', 4), 'abc…');
  assert.equal(fitLine('abcdef', 0), '');
});

test('the model: nothing before a step, then stage and step, elapsed time past a second', () => {
  let now = 0;
  const m = new ProgressModel(() => now);
  assert.equal(m.line(), undefined);
  m.apply({ kind: 'start', stage: 'filesystems', step: 'making ext4 on partition 9' });
  assert.equal(m.line(), 'filesystems: making ext4 on partition 9');
  now = 2500;
  assert.equal(m.line(), 'filesystems: making ext4 on partition 9 — 2 s');
  m.apply({ kind: 'end', stage: 'filesystems', step: 'making ext4 on partition 9' });
  assert.equal(m.line(), 'filesystems: …');
});

test('the model: bytes of a transfer with total, percentage and average rate', () => {
  let now = 1000;
  const m = new ProgressModel(() => now);
  m.apply({ kind: 'start', stage: 'files', step: 'writing file "/big"' });
  m.apply({ kind: 'bytes', label: 'http://h/big', done: 0, total: 4 * 1024 * 1024 });
  assert.equal(m.line(), 'files: writing file "/big" — 0 B of 4.00 MiB (0%)');
  now = 2000;
  m.apply({ kind: 'bytes', label: 'http://h/big', done: 1024 * 1024, total: 4 * 1024 * 1024 });
  assert.equal(m.line(), 'files: writing file "/big" — 1.00 MiB of 4.00 MiB (25%), 1.00 MiB/s');
  // an unknown total (no Content-Length): bytes and rate only
  m.apply({ kind: 'start', stage: 'files', step: 'writing file "/b"' });
  m.apply({ kind: 'bytes', label: 'http://h/b', done: 2048 });
  now = 3000;
  m.apply({ kind: 'bytes', label: 'http://h/b', done: 4096 });
  assert.equal(m.line(), 'files: writing file "/b" — 4.00 KiB, 4.00 KiB/s');
  // a retried transfer (fewer bytes than before) starts its rate afresh
  m.apply({ kind: 'bytes', label: 'http://h/b', done: 0 });
  now = 3100;
  assert.equal(m.line(), 'files: writing file "/b" — 0 B');
});
