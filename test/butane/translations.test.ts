/**
 * The TranslationSet of every successful golden case is complete: each
 * place of the produced Ignition JSON has an entry, and each entry points
 * at a place that exists in the Butane YAML (or, for generated content,
 * at the sugar key that made it).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeFilesDir } from '../../src/adapters/node/files-dir.js';
import { goGzip as gzipBest } from '../../src/transpile/index.js';
import { formatPath } from '../../src/core/index.js';
import { butane } from '../../src/transpile/index.js';
import { expected, goldenCases } from './golden-cases.js';

const filesDirOf = (args: string[]): string | undefined => {
  const i = args.findIndex((a) => a === '-d' || a === '--files-dir');
  return i >= 0 ? args[i + 1] : undefined;
};

for (const c of goldenCases()) {
  if (expected(c).status !== 0) continue;
  test(`translations cover ${c.name}`, () => {
    const dir = filesDirOf(c.args);
    const r = butane.transpileButane(c.input, {
      ports: { gzip: gzipBest, ...(dir === undefined ? {} : { files: nodeFilesDir(join(c.dir, dir)) }) },
    });
    assert.equal(r.failure, undefined);
    const ts = r.translations!;
    const output: unknown = JSON.parse(r.output!);
    const missing = ts.missing(output);
    assert.deepEqual(missing.map(formatPath), [], `no translation for these output places:\n${ts.toString()}`);
    for (const t of ts.entries()) {
      assert.ok(
        t.from.length === 0 || r.index.has(t.from),
        `${formatPath(t.to)} ← ${formatPath(t.from)}: the source place exists`,
      );
    }
  });
}
