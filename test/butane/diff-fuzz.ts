/**
 * Differential fuzz against the real butane (development aid, not part of
 * npm test): mutates the golden configs line by line, runs butane 0.29.0 and Hull in process on each, and
 * prints the inputs whose stdout (gzip payloads decompressed) or raw report
 * differ. YAML syntax errors are skipped (their wording differs by design).
 *
 * Usage: BUTANE_BIN=/path/to/butane-0.29.0 npx tsx test/butane/diff-fuzz.ts [RUNS]
 *   (SHOW=N prints the first N mismatches, SHOWTEXT=1 also their input)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { butane } from '../../src/transpile/index.js';
import { nodeFilesDir } from '../../src/adapters/node/files-dir.js';
import { goGzip as gzipBest } from '../../src/transpile/index.js';
import { renderButaneRaw } from '../../src/source/index.js';
import { CASES_DIR, normalizeGzip, normalizeUnusedOrder } from './golden-cases.js';

const root = CASES_DIR;
const bin = process.env.BUTANE_BIN;
if (bin === undefined || bin === '') {
  console.error(
    'BUTANE_BIN is not set: point it at a butane v0.29.0 binary (BUTANE_BIN=/path/to/butane npx tsx test/butane/diff-fuzz.ts [RUNS])',
  );
  process.exit(2);
}
const seeds = readdirSync(root)
  .filter(
    (n) =>
      existsSync(join(root, n, 'config.bu')) &&
      !existsSync(join(root, n, 'stdin')) &&
      (!existsSync(join(root, n, 'args')) || readFileSync(join(root, n, 'args'), 'utf8') === '-d\nfiles\n'),
  )
  .map((n) => ({
    n,
    text: readFileSync(join(root, n, 'config.bu'), 'utf8'),
    files: existsSync(join(root, n, 'files')) ? join(root, n, 'files') : undefined,
  }));
const PIECES = [
  'true',
  'false',
  '0',
  '1',
  '0644',
  '644',
  '"x"',
  '/dev/vdc',
  'swap',
  'xfs',
  'ext4',
  '/var/x',
  'root',
  '[]',
  '{}',
  '~',
  's390x-eckd',
  'aarch64',
  'ppc64le',
  'raid1',
  'http://t',
  '- a',
  'gzip',
  '',
];
let n = 0,
  bad = 0;
const N = Number(process.argv[2] ?? 300);
fc.assert(
  fc.property(
    fc.nat({ max: seeds.length - 1 }),
    fc.array(fc.record({ line: fc.nat(), piece: fc.constantFrom(...PIECES), op: fc.nat({ max: 2 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    (si, muts) => {
      const seed = seeds[si]!;
      const lines = seed.text.split('\n');
      for (const m of muts) {
        const i = 2 + (m.line % Math.max(1, lines.length - 3));
        const l = lines[i];
        if (l === undefined) continue;
        const c = l.indexOf(': ');
        if (m.op === 0 && c > 0) lines[i] = l.slice(0, c + 2) + m.piece;
        else if (m.op === 1) lines.splice(i, 1);
        else lines.splice(i, 0, l);
      }
      const text = lines.join('\n');
      const args = seed.files ? ['--raw-errors', '-d', seed.files] : ['--raw-errors'];
      const ref = spawnSync(bin, args, { input: text, encoding: 'utf8' });
      const r = butane.transpileButane(text, {
        ports: { gzip: gzipBest, ...(seed.files ? { files: nodeFilesDir(seed.files) } : {}) },
      });
      let err = renderButaneRaw(r.report);
      if (r.failure) err += `Error translating config: ${r.failure.reason}\n`;
      const out = r.output === undefined ? '' : r.output + '\n';
      n++;
      const same =
        normalizeGzip(out) === normalizeGzip(ref.stdout) &&
        normalizeUnusedOrder(err) === normalizeUnusedOrder(ref.stderr);
      if (!same && !/Error unmarshaling yaml: yaml: /.test(ref.stderr)) {
        bad++;
        if (bad <= Number(process.env.SHOW ?? 6)) {
          console.log('=== MISMATCH from', seed.n);
          if (process.env.SHOWTEXT) console.log(text);
          console.log('--- hull\n' + err + out.slice(0, 300));
          console.log('--- butane\n' + ref.stderr + ref.stdout.slice(0, 300));
        }
      }
    },
  ),
  { numRuns: N },
);
console.log(`${n} runs, ${bad} mismatches`);
