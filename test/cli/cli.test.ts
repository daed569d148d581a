import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO, runHull } from '../helpers/hull.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

describe('hull CLI', () => {
  test('package.json names bin/hull.cjs as the hull command', () => {
    assert.equal(pkg.bin['hull'], 'bin/hull.cjs');
  });

  test('npx hull runs the package command', () => {
    const r = spawnSync('npx', ['--no-install', 'hull', 'version'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `hull v${pkg.version}\n`);
  });

  test('version prints the package version; -o json gives an object', () => {
    const text = runHull(['version']);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, `hull v${pkg.version}\n`);
    const json = runHull(['-o', 'json', 'version']);
    assert.equal(json.status, 0);
    assert.deepEqual(JSON.parse(json.stdout), {
      ok: true,
      result: { name: 'hull', version: pkg.version, node: process.version },
      issues: [],
      error: null,
    });
    const after = runHull(['version', '--output=json']);
    assert.equal(
      JSON.parse(after.stdout).result.version,
      pkg.version,
      'the global option works after the subcommand too',
    );
  });

  test('--version and -V print the version, like hull version; -o json too', () => {
    for (const args of [['--version'], ['-V']]) {
      const r = runHull(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.equal(r.stdout, `hull v${pkg.version}\n`);
    }
    const json = runHull(['-o', 'json', '-V']);
    assert.equal(json.status, 0);
    assert.equal(JSON.parse(json.stdout).result.version, pkg.version);
    assert.match(runHull(['--help']).stdout, /-V, --version/);
  });

  test('a usage error points at the help of the subcommand it belongs to', () => {
    const rows: Array<[string[], string]> = [
      [['disk', 'create', 'x.img'], 'hull disk create --help'],
      [['disk', 'create', '--bogus'], 'hull disk create --help'],
      [['ignition', 'validate', '--bogus'], 'hull ignition validate --help'],
      [['ignition', 'translate', '--to', '9', '-'], 'hull ignition translate --help'],
      [['disk', 'frobnicate'], 'hull disk --help'],
      [['version', '--bogus'], 'hull version --help'],
      [['sevre'], 'hull --help'],
    ];
    for (const [args, help] of rows) {
      const r = runHull(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^hull: run '${help}' for usage$`, 'm'), args.join(' '));
    }
  });

  test('every subcommand documents -o json in its --help', () => {
    for (const args of [
      ['version'],
      ['disk', 'create'],
      ['ignition', 'validate'],
      ['provision'],
      ['serve'],
      ['completion'],
      ['cgpt', 'show'],
    ]) {
      const r = runHull([...args, '--help']);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /-o, --output text\|json/, args.join(' '));
    }
  });

  test('--help lists every subcommand and the exit codes, exit 0', () => {
    const r = runHull(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^\s+serve\s+run the Hull server/m);
    assert.match(r.stdout, /^\s+version\s+print the version/m);
    assert.match(r.stdout, /-o, --output <format>/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1 input has errors, 2 usage, 3 environment failure/);
  });

  test('a subcommand help shows its own options', () => {
    for (const args of [
      ['serve', '--help'],
      ['help', 'serve'],
    ]) {
      const r = runHull(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /--listen <host:port>/);
      assert.match(r.stdout, /--data-dir <dir>/);
      assert.match(r.stdout, /--database <url>/);
    }
  });

  test('no arguments prints usage to stderr, exit 2', () => {
    const r = runHull([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Usage: hull/);
  });

  test('an unknown subcommand exits 2 with a did-you-mean suggestion', () => {
    const r = runHull(['sevre']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^hull: error UNKNOWN_COMMAND: unknown command 'sevre' \(did you mean serve\?\)$/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const json = runHull(['-o', 'json', 'verison']);
    assert.equal(json.status, 2);
    const body = JSON.parse(json.stderr) as {
      ok: boolean;
      result: unknown;
      issues: unknown[];
      error: { code: string; message: string };
    };
    assert.deepEqual(
      { ...body, error: null },
      { ok: false, result: null, issues: [], error: null },
      'a failure is the envelope too',
    );
    assert.equal(json.stdout, '', 'nothing on stdout');
    assert.equal(body.error.code, 'UNKNOWN_COMMAND');
    assert.match(body.error.message, /did you mean version\?/);
  });

  test('an unknown option or a bad global value exits 2', () => {
    const opt = runHull(['version', '--bogus']);
    assert.equal(opt.status, 2);
    assert.match(opt.stderr, /error USAGE: unknown option '--bogus'/);
    const nested = runHull(['ignition', 'validate', '--bogus']);
    assert.equal(nested.status, 2, 'a nested subcommand keeps the exit codes');
    assert.match(nested.stderr, /error USAGE: unknown option '--bogus'/);
    const format = runHull(['-o', 'yaml', 'version']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /error USAGE: .*'yaml'.*Allowed choices are text, json/);
  });

  test('serve with a malformed --listen exits 2 before touching the data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hull-cli-'));
    try {
      const r = runHull(['serve', '--listen', 'localhost:99999', '--data-dir', join(dir, 'data')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /error USAGE: invalid listen address 'localhost:99999'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The files of every CommonJS module `hull ARGS` loaded. */
  function loadedModules(args: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'hull-trace-'));
    try {
      const trace = join(dir, 'modules.txt');
      runHull(args, {
        nodeArgs: ['--require', join(REPO, 'test/helpers/trace-requires.cjs')],
        env: { HULL_TRACE_REQUIRES: trace },
      });
      return readFileSync(trace, 'utf8').trim().split('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const HEAVY = /\/node_modules\/(fastify|kysely|better-sqlite3|pg|pino|prom-client|yaml|etcd3|@grpc)\//;

  test('--help loads no package: fastify, the store drivers, pino and yaml stay unloaded', () => {
    const files = loadedModules(['--help']);
    assert.ok(
      files.some((f) => f.endsWith('/dist/hull.cjs')),
      'the trace saw the CLI load',
    );
    assert.deepEqual(
      files.filter((f) => HEAVY.test(f)),
      [],
    );
  });

  test('serve does load them: the trace is not blind', () => {
    // A bad --listen fails after the serve module is initialised, before any IO.
    const files = loadedModules(['serve', '--listen', 'nope']);
    assert.ok(files.some((f) => f.includes('/node_modules/fastify/')));
    assert.ok(files.some((f) => f.includes('/node_modules/kysely/')));
  });
});
