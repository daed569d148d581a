import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO } from '../helpers/hull.js';

// `npm pack`, then `npm i -g` of the tarball into a temporary prefix, as a
// user installs Hull; the installed `hull` runs and serves. The
// dependencies come from the npm cache when it has them (--prefer-offline; a
// machine whose cache lacks one fetches it from the registry once), and
// better-sqlite3's native binary
// from a local "prebuild" made of the one this checkout already built (its
// install script, prebuild-install, looks there before downloading, so
// nothing is compiled and nothing fetched).
const tmp = mkdtempSync(join(tmpdir(), 'hull-package-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 400_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

test('npm pack + npm i -g of the tarball gives a working hull (--version, serve), with runtime dependencies only', {
  timeout: 450_000,
}, async () => {
  for (const file of ['dist/hull.cjs', 'dist/transpile-worker.cjs', 'dist/web/index.html']) {
    assert.ok(existsSync(join(REPO, file)), `${file} is missing: run \`npm run build\` (npm test does it) first`);
  }
  // The build is already there: pack it as it is (prepare would rebuild it).
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp]);
  assert.equal(pack.status, 0, pack.stderr);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = packed!.files.map((f) => f.path);
  for (const file of [
    'bin/hull.cjs',
    'dist/hull.cjs',
    'dist/transpile-worker.cjs',
    'dist/web/index.html',
    'package.json',
  ]) {
    assert.ok(paths.includes(file), `the tarball holds ${file}`);
  }
  assert.ok(!paths.some((p) => p.startsWith('src/') || p.startsWith('test/')), 'no sources or tests in the tarball');
  const tarball = join(tmp, packed!.filename);

  // The native binary as a prebuild (prebuild-install's name for it).
  const sqliteDir = join(REPO, 'node_modules', 'better-sqlite3');
  const sqliteVersion = (JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const prebuilds = join(tmp, 'prebuilds');
  mkdirSync(prebuilds);
  const prebuild = join(
    prebuilds,
    `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${platform()}-${arch()}.tar.gz`,
  );
  const tar = run('tar', ['-czf', prebuild, '-C', sqliteDir, 'build/Release/better_sqlite3.node']);
  assert.equal(tar.status, 0, tar.stderr);

  const prefix = join(tmp, 'prefix');
  const install = run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--allow-scripts=better-sqlite3',
      tarball,
    ],
    { cwd: tmp, env: { npm_config_better_sqlite3_local_prebuilds: prebuilds } },
  );
  assert.equal(install.status, 0, install.stderr);
  const installed = join(prefix, 'lib', 'node_modules', 'hull');
  for (const dev of ['tsx', 'esbuild', 'vite', 'typescript']) {
    assert.ok(
      !existsSync(join(installed, 'node_modules', dev)) && !existsSync(join(prefix, 'lib', 'node_modules', dev)),
      `${dev} is not installed for a user`,
    );
  }
  assert.ok(existsSync(join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));

  const hull = join(prefix, 'bin', 'hull');
  const version = run(hull, ['--version'], { cwd: tmp });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^hull v\d+\.\d+\.\d+/);

  const child = spawn(hull, ['serve', '--listen', '127.0.0.1:0', '--data-dir', join(tmp, 'data')], {
    cwd: tmp,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const t0 = Date.now();
    let url: string | undefined;
    while (url === undefined) {
      url = /"url":"(http:\/\/[^"]+)".*"msg":"hull listening"/.exec(out)?.[1];
      if (child.exitCode !== null) assert.fail(`hull serve exited with ${child.exitCode}:\n${out}`);
      if (Date.now() - t0 > 20_000) assert.fail(`hull serve did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { store: string }).store, 'sqlite');
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200, 'the playground is in the package');
    const transpile = await fetch(`${url}/api/v1/transpile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dialect: 'ignition', source: '{"ignition":{"version":"3.4.0"}}' }),
    });
    assert.equal(transpile.status, 200, 'the transpile worker (dist/transpile-worker.cjs) runs from the package');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, out);
});
