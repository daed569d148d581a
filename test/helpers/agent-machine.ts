/**
 * Simulated Flatcar machines driven through the real CLI, for the end-to-end
 * tests of the update agent against a real `hull serve` process: USR images
 * (ext2, mkfs.ext2 -d), payloads made by `hull payload build`, a machine =
 * a disk image from `hull disk create` with USR-A written + a ROOT directory
 * (update.conf naming the server, the payload key), booted by `hull host boot`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLATCAR_APP, STABLE_AMD64_GROUP, api, promote, STABLE_AMD64_CHANNEL } from './omaha-fleet.js';
import { runHull, type HullResult } from './hull.js';
import { partitionRange } from './flatcar-image.js';

function need(tool: string, pkg: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }).status !== 0) {
    throw new Error(`this test needs ${tool}: apt-get install ${pkg} (scripts/setup-system)`);
  }
}

/** Throws with the command's output unless it exited `want` (default 0). */
export function hullOk(args: readonly string[], want = 0): HullResult {
  const r = runHull(args);
  if (r.status !== want)
    throw new Error(`hull ${args.join(' ')}: exit ${r.status}, expected ${want}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * An ext2 /usr image (`mb` MiB, a multiple of 4 KiB) holding share/flatcar/release for
 * `version`, an optional health script and `fillerMiB` of random bytes (so the payload
 * is that large: random chunks stay REPLACE).
 */
export function makeUsrImage(
  dir: string,
  version: string,
  opts: { health?: string; fillerMiB?: number; mb?: number } = {},
): string {
  need('mkfs.ext2', 'e2fsprogs');
  const tree = mkdtempSync(join(dir, 'tree-'));
  try {
    mkdirSync(join(tree, 'share/flatcar'), { recursive: true });
    writeFileSync(
      join(tree, 'share/flatcar/release'),
      `FLATCAR_RELEASE_VERSION=${version}\nFLATCAR_RELEASE_BOARD=amd64-usr\nFLATCAR_RELEASE_APPID={${FLATCAR_APP}}\n`,
    );
    if (opts.health !== undefined) writeFileSync(join(tree, 'share/flatcar/health'), opts.health, { mode: 0o755 });
    if (opts.fillerMiB) writeFileSync(join(tree, 'filler'), randomBytes(opts.fillerMiB * 1024 * 1024));
    const img = join(dir, `usr-${version}.img`);
    const mb = opts.mb ?? Math.max(4, (opts.fillerMiB ?? 0) + 4);
    execFileSync('mkfs.ext2', ['-q', '-F', '-b', '4096', '-d', tree, '-E', 'root_owner=0:0', img, `${mb}M`], {
      stdio: 'pipe',
    });
    return img;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export interface Keys {
  readonly privatePem: string;
  readonly publicPem: string;
}

export function writeKeys(dir: string): Keys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = join(dir, 'key.pem');
  const publicPem = join(dir, 'key.pub.pem');
  writeFileSync(privatePem, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicPem, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privatePem, publicPem };
}

/** `hull payload build` of a USR image (and a kernel) → the payload's path. */
export function buildPayloadFile(dir: string, usr: string, keys: Keys, version: string, kernel?: string): string {
  const out = join(dir, `payload-${version}.gz`);
  hullOk([
    'payload',
    'build',
    '--usr',
    usr,
    '--key',
    keys.privatePem,
    ...(kernel ? ['--kernel', kernel] : []),
    '--version',
    version,
    '-o',
    out,
  ]);
  return out;
}

/** Uploads a payload to the server's hosted packages; returns the package id. */
export async function uploadPackage(base: string, token: string, version: string, payload: string): Promise<string> {
  const r = await fetch(
    `${base}/api/v1/apps/${FLATCAR_APP}/packages/upload?version=${version}&arch=amd64&filename=flatcar_production_update.gz`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: readFileSync(payload),
    },
  );
  const text = await r.text();
  if (r.status >= 300) throw new Error(`upload ${version}: ${r.status} ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

/** The stable amd64 channel at this package, the group open (no safe mode, no limit that matters here). */
export async function offer(base: string, token: string, packageId: string): Promise<void> {
  await promote(base, token, STABLE_AMD64_CHANNEL, packageId);
  await api(base, token, 'PATCH', `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`, {
    policy: { updatesEnabled: true, safeMode: false, maxUpdatesPerPeriod: 100000, officeHours: false },
  });
}

export interface Machine {
  readonly root: string;
  readonly image: string;
}

/**
 * A base disk: `hull disk create` (EFI-SYSTEM FAT with flatcar/, USR-A P1 T0 S1,
 * USR-B P0 T0 S0), USR-A holding `usrA`'s bytes.
 */
export async function makeBaseDisk(dir: string, usrA: string): Promise<string> {
  const image = join(dir, 'base.img');
  hullOk(['disk', 'create', image, '--size', '8GiB']);
  const { offset } = await partitionRange(image, 3);
  execFileSync('dd', [
    `if=${usrA}`,
    `of=${image}`,
    'bs=1M',
    `seek=${offset}`,
    'oflag=seek_bytes',
    'conv=notrunc,sparse',
    'status=none',
  ]);
  return image;
}

/** A machine: a sparse copy of the base disk and a ROOT with update.conf and the payload key; booted once. */
export function newMachine(dir: string, name: string, base: string, server: string, keys: Keys): Machine {
  const root = join(dir, name);
  const image = join(dir, `${name}.img`);
  execFileSync('cp', ['--sparse=always', base, image]);
  mkdirSync(join(root, 'etc/flatcar'), { recursive: true });
  writeFileSync(
    join(root, 'etc/flatcar/update.conf'),
    `SERVER=${server}/v1/update/\nGROUP=stable\nMACHINE_ALIAS=${name}\n`,
  );
  mkdirSync(join(root, 'usr/share/update_engine'), { recursive: true });
  copyFileSync(keys.publicPem, join(root, 'usr/share/update_engine/update-payload-key.pub.pem'));
  boot({ root, image });
  return { root, image };
}

export interface BootOut {
  readonly partition: number;
  readonly slot: string;
  readonly release: Record<string, string>;
  readonly health: { ok: boolean };
}

/** `hull host boot IMG --root ROOT -o json` (with `--dry-run`: the choice, nothing changed). */
export function boot(m: Machine, dryRun = false): BootOut {
  const r = hullOk(['host', 'boot', m.image, '--root', m.root, ...(dryRun ? ['--dry-run'] : []), '-o', 'json']);
  return (JSON.parse(r.stdout) as { result: { boot: BootOut } }).result.boot;
}

/** One JSON log line of `hull agent run --log-format json`. */
export type AgentLog = Record<string, unknown>;

export function agentLogs(stderr: string): AgentLog[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as AgentLog);
}

/** `hull agent run --once --root ROOT --image IMG --log-format json`. */
export function agentOnce(m: Machine): { status: number | null; stdout: string; logs: AgentLog[] } {
  const r = runHull(['agent', 'run', '--once', '--root', m.root, '--image', m.image, '--log-format', 'json']);
  return { status: r.status, stdout: r.stdout, logs: agentLogs(r.stderr) };
}

export const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
