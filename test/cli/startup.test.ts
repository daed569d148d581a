import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assertBuilt, HULL_BIN, REPO, runHull } from '../helpers/hull.js';

// How bin/hull.cjs starts (docs/decisions.md D55): the commands users wait for
// at the prompt run a bundle of their own, compiled from the V8 code cache
// the build made; a cache that does not fit is left aside, never trusted.

const tmp = mkdtempSync(join(tmpdir(), 'hull-startup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const DIST = join(REPO, 'dist');

const clc = join(tmp, 'small.yaml');
writeFileSync(
  clc,
  'storage:\n  files:\n    - path: /etc/hostname\n      filesystem: root\n      contents:\n        inline: node1\n',
);
const bu = join(tmp, 'small.bu');
writeFileSync(
  bu,
  'variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: node1\n',
);
const ign = join(tmp, 'small.ign');
writeFileSync(
  ign,
  JSON.stringify({
    ignition: { version: '3.3.0' },
    storage: { files: [{ path: '/etc/hostname', contents: { source: 'data:,node1' } }] },
  }),
);

/** Runs node with `script` (CommonJS), which may require bin/hull.cjs as BIN; returns its stdout parsed as JSON. */
function nodeJson(script: string): unknown {
  const r = spawnSync(process.execPath, ['-e', `const BIN = ${JSON.stringify(HULL_BIN)};\n${script}`], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** What `hull ARGS` loaded: CLI bundles (require.cache) and Node's built-in modules (process.moduleLoadList). */
function loaded(args: string[]): { bundles: string[]; builtins: string[]; stdout: string } {
  const trace = join(tmp, 'trace.json');
  const hook = join(tmp, 'trace.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(trace)}, JSON.stringify({
    bundles: Object.keys(require.cache).filter((f) => f.includes('/dist/')),
    builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
  })));\n`,
  );
  const r = runHull(args, { nodeArgs: ['--require', hook] });
  assert.equal(r.status, 0, r.stderr);
  return {
    ...(JSON.parse(readFileSync(trace, 'utf8')) as { bundles: string[]; builtins: string[] }),
    stdout: r.stdout,
  };
}

describe('start-up (D55)', () => {
  assertBuilt();

  test('ct, butane and ignition validate each run their own bundle, compiled from its code cache', () => {
    const rows: Array<[string[], string]> = [
      [['ct', '-in-file', clc], 'hull-ct.cjs'],
      [['-o', 'json', 'ct', '-in-file', clc], 'hull-ct.cjs'],
      [['butane', bu], 'hull-butane.cjs'],
      [['ignition', 'validate', ign], 'hull-ignition.cjs'],
      [['transpile', bu], 'hull-transpile.cjs'],
      [['help', 'ct'], 'hull-ct.cjs'],
      [['--help'], 'hull.cjs'],
      [['version'], 'hull.cjs'],
    ];
    for (const [argv, bundle] of rows) {
      const got = nodeJson(`const { bundleFor, loadBundle } = require(BIN);
        const file = bundleFor(${JSON.stringify(DIST)}, ${JSON.stringify(argv)});
        console.log(JSON.stringify({ file: require('node:path').basename(file), cache: loadBundle(file).cache }));`);
      assert.deepEqual(got, { file: bundle, cache: 'used' }, argv.join(' '));
    }
  });

  test('hull ct loads its bundle only, and neither child_process nor fs/promises', () => {
    const { bundles, builtins, stdout } = loaded(['ct', '-in-file', clc]);
    assert.match(stdout, /"path":"\/etc\/hostname"/);
    assert.deepEqual(
      bundles.map((f) => f.slice(f.lastIndexOf('/') + 1)).filter((f) => f.startsWith('hull')),
      ['hull-ct.cjs'],
    );
    for (const heavy of ['child_process', 'fs/promises', 'dgram', 'readline'])
      assert.ok(!builtins.includes(heavy), `hull ct loaded node:${heavy}`);
  });

  test("a command's bundle holds that command (and version) only", () => {
    const ct = readFileSync(join(DIST, 'hull-ct.cjs'), 'utf8');
    assert.ok(ct.includes('src/cli/commands/ct.ts'));
    assert.ok(ct.includes('src/cli/commands/version.ts'));
    for (const other of ['serve', 'provision', 'disk', 'butane', 'journal'])
      assert.ok(!ct.includes(`src/cli/commands/${other}.ts`), `hull-ct.cjs holds ${other}`);
  });

  test('a cache of another build is not used, one V8 refuses is not either; the command still runs', () => {
    // A copy of the ct bundle with its cache; then the cache's build line changed, then its V8 data.
    const dist = join(tmp, 'dist');
    mkdirSync(dist, { recursive: true });
    const file = join(dist, 'hull-ct.cjs');
    copyFileSync(join(DIST, 'hull-ct.cjs'), file);
    const cache = readFileSync(join(DIST, 'hull-ct.cjs.cache'));
    const run = (): unknown =>
      nodeJson(`const { loadBundle } = require(BIN);
      const r = loadBundle(${JSON.stringify(file)});
      const out = [];
      const ctx = { stdin: [], stdout: { write: (s) => out.push(s) }, stderr: { write: (s) => out.push(s) }, env: {}, stdoutIsTTY: false, stderrIsTTY: false, cwd: process.cwd(), output: 'text', exitCode: 0, onSignal() {} };
      r.exports.main(['ct', '-in-file', ${JSON.stringify(clc)}], ctx).then((code) => console.log(JSON.stringify({ cache: r.cache, code, ok: out.join('').includes('/etc/hostname') })));`);
    writeFileSync(`${file}.cache`, cache);
    assert.deepEqual(run(), { cache: 'used', code: 0, ok: true });
    const nl = cache.indexOf(10);
    const otherBuild = Buffer.from(cache);
    otherBuild[nl - 1] = otherBuild[nl - 1] === 0x30 ? 0x31 : 0x30; // the hash's last digit
    writeFileSync(`${file}.cache`, otherBuild);
    assert.deepEqual(run(), { cache: 'stale', code: 0, ok: true });
    const garbage = Buffer.from(cache);
    garbage.fill(0x5a, nl + 1, nl + 65);
    writeFileSync(`${file}.cache`, garbage);
    assert.deepEqual(run(), { cache: 'rejected', code: 0, ok: true });
    rmSync(`${file}.cache`);
    assert.deepEqual(run(), { cache: 'none', code: 0, ok: true });
  });
});
