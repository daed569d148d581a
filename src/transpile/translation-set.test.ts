import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorAt } from '../core/index.js';
import { TranslationSet } from './translation-set.js';

describe('TranslationSet', () => {
  test('add, get, and a later add for the same output path wins', () => {
    const ts = new TranslationSet().add(['a'], ['x']).add(['b'], ['x']);
    assert.deepEqual(ts.get(['x']), ['b']);
    assert.equal(ts.get(['y']), undefined);
    assert.equal(ts.size, 1);
  });

  test('resolve falls back to the deepest recorded ancestor, then the root', () => {
    const ts = new TranslationSet().add(['storage'], ['storage']).add(['storage', 'files', 0], ['storage', 'files', 2]);
    assert.deepEqual(ts.resolve(['storage', 'files', 2, 'mode']), ['storage', 'files', 0]);
    assert.deepEqual(ts.resolve(['storage', 'disks']), ['storage']);
    assert.deepEqual(ts.resolve(['systemd']), []);
  });

  test('addIdentity and addFromCommonSource cover the value and its parents-first walk', () => {
    const value = { name: 'a.service', contents: 'x', dropins: [{ name: 'd.conf' }] };
    const ts = new TranslationSet()
      .addIdentity(['systemd'], ['systemd'], ['units'])
      .addFromCommonSource(['etcd'], ['systemd', 'units', 0], value);
    assert.deepEqual(ts.get(['systemd', 'units']), ['systemd', 'units']);
    for (const p of [[], ['name'], ['contents'], ['dropins'], ['dropins', 0], ['dropins', 0, 'name']]) {
      assert.deepEqual(ts.get(['systemd', 'units', 0, ...p]), ['etcd'], p.join('.'));
    }
    assert.deepEqual(ts.missing({ systemd: { units: [value] } }), [['systemd']]);
  });

  test('prefixed, under, merge and moveTo', () => {
    const inner = new TranslationSet().add(['contents', 'inline'], ['contents', 'source']);
    const outer = inner.prefixed(['storage', 'files', 1], ['storage', 'files', 0]);
    assert.deepEqual(outer.get(['storage', 'files', 0, 'contents', 'source']), [
      'storage',
      'files',
      1,
      'contents',
      'inline',
    ]);
    assert.deepEqual(outer.under(['storage', 'files', 0]).entries(), [
      { from: ['storage', 'files', 1, 'contents', 'inline'], to: ['contents', 'source'] },
    ]);
    const merged = new TranslationSet().add(['z'], ['storage', 'files', 0, 'contents', 'source']).merge(outer);
    assert.deepEqual(merged.get(['storage', 'files', 0, 'contents', 'source']), [
      'storage',
      'files',
      1,
      'contents',
      'inline',
    ]);
    merged.moveTo(['storage', 'files', 0], ['storage', 'files', 3]);
    assert.equal(merged.get(['storage', 'files', 0, 'contents', 'source']), undefined);
    assert.deepEqual(merged.get(['storage', 'files', 3, 'contents', 'source']), [
      'storage',
      'files',
      1,
      'contents',
      'inline',
    ]);
  });

  test('mapIssue moves the path to the input and drops a stale range', () => {
    const ts = new TranslationSet().add(['passwd', 'users', 0, 'name'], ['passwd', 'users', 0, 'name']);
    const range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
    const mapped = ts.mapIssue(errorAt('IGN_X', ['passwd', 'users', 0, 'name'], 'bad', range));
    assert.deepEqual(mapped.path, ['passwd', 'users', 0, 'name']);
    assert.equal(mapped.range, undefined);
    assert.equal(mapped.code, 'IGN_X');
  });

  test('toString lists the entries sorted, one per line', () => {
    const ts = new TranslationSet().add(['b'], ['y']).add(['a'], ['x', 'k.l']);
    assert.equal(ts.toString(), '$.x["k.l"] ← $.a\n$.y ← $.b');
  });
});
