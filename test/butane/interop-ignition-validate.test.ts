/**
 * Interop: Hull's output for every successful golden case whose Ignition
 * spec Debian's ignition-validate (Ignition 2.14, specs 3.0–3.3) knows, that
 * is fcos 1.0–1.4 and flatcar 1.0, passes the real tool. Also, with
 * `--ignition-version 3.3`, every successful flatcar 1.1 case whose output
 * needs nothing newer. A missing tool fails with the install command.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodeFilesDir } from '../../src/adapters/node/files-dir.js';
import { goGzip as gzipBest } from '../../src/transpile/index.js';
import { butane } from '../../src/transpile/index.js';
import {
  IGNITION_VALIDATE,
  INSTALL_HINT,
  ignitionValidatePresent,
  verdictOf,
} from '../interop/ignition-validate-corpus.js';
import { expected, goldenCases } from './golden-cases.js';

const tmp = mkdtempSync(join(tmpdir(), 'hull-butane-interop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const OLD = new Set(['3.0.0', '3.1.0', '3.2.0', '3.3.0']);

function run(c: ReturnType<typeof goldenCases>[number], ignitionVersion?: string) {
  const i = c.args.indexOf('-d');
  const files = i >= 0 ? nodeFilesDir(join(c.dir, c.args[i + 1]!)) : undefined;
  return butane.transpileButane(c.input, {
    ports: { gzip: gzipBest, ...(files === undefined ? {} : { files }) },
    ...(ignitionVersion === undefined ? {} : { ignitionVersion }),
  });
}

let checked = 0;
for (const c of goldenCases()) {
  if (expected(c).status !== 0) continue;
  const r = run(c);
  const version = r.spec?.outputVersion ?? '';
  const direct = OLD.has(version);
  const down = !direct && r.spec?.variant === 'flatcar' && version === '3.4.0';
  if (!direct && !down) continue;
  checked++;
  test(`ignition-validate accepts ${c.name}${down ? ' (--ignition-version 3.3)' : ''}`, () => {
    assert.ok(ignitionValidatePresent(), INSTALL_HINT);
    const out = down ? run(c, '3.3.0') : r;
    if (down && out.output === undefined) {
      // Uses something 3.3 lacks: the refusal must name it.
      assert.ok(
        out.report.issues.some((x) => x.code === 'IGN_TRANSLATE_FIELD_UNSUPPORTED'),
        JSON.stringify(out.report.issues),
      );
      return;
    }
    assert.ok(out.output !== undefined, JSON.stringify(out.failure));
    const file = join(tmp, `${c.name}.ign`);
    writeFileSync(file, out.output);
    const v = verdictOf(IGNITION_VALIDATE, [file], tmp);
    assert.equal(v.exit, 0, v.lines.join('\n'));
  });
}

test('the interop set covers fcos 1.0–1.4 and flatcar 1.0', () => {
  assert.ok(checked >= 10, `${checked} cases`);
});
