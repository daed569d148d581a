/**
 * The reference: test/fixtures/go-gzip/gogzip.go (gzip stdin at
 * BestCompression with one Write and Close, as Butane's MakeDataURL does)
 * built with Debian's Go into a temp dir. Fails with the install command
 * when Go is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../helpers/hull.js';

let built: { readonly dir: string; readonly bin: string } | undefined;

/** Path of the built reference program (built once per process). */
export function goGzipProgram(): string {
  if (built !== undefined) return built.bin;
  const found = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (found.error !== undefined || found.status !== 0) {
    throw new Error('this test needs Go (Debian golang-go): apt-get install golang-go (scripts/setup-system)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'hull-gogzip-'));
  copyFileSync(join(REPO, 'test/fixtures/go-gzip/gogzip.go'), join(dir, 'main.go'));
  writeFileSync(join(dir, 'go.mod'), 'module gogzip\n\ngo 1.19\n');
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off' };
  // Go needs a build cache; without HOME (a bare CI environment) give it one of its own.
  if (env.GOCACHE === undefined && env.HOME === undefined && env.XDG_CACHE_HOME === undefined)
    env.GOCACHE = join(dir, 'cache');
  execFileSync('go', ['build', '-o', 'gogzip', '.'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  built = { dir, bin: join(dir, 'gogzip') };
  return built.bin;
}

/** Removes the temp dir of the built program. */
export function removeGoGzipProgram(): void {
  if (built !== undefined) rmSync(built.dir, { recursive: true, force: true });
  built = undefined;
}

/** Go's gzip bytes for `data`. */
export function goGzipReference(data: Uint8Array): Uint8Array {
  const r = spawnSync(goGzipProgram(), [], { input: data, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`gogzip failed: ${r.stderr.toString()}`);
  return new Uint8Array(r.stdout);
}
