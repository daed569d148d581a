/**
 * The differential harness: one base root (a small Container-Linux-like tree),
 * a config applied to a copy by Hull (in process) and by Debian's Ignition
 * engine (inside a private mount namespace, scratch root on tmpfs), then both
 * trees read back and compared.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rootPorts } from '../../../src/adapters/provision/node-ports.js';
import { provision } from '../../../src/provision/index.js';
import { writeFlatcarBase } from '../../../src/provision/flatcar-base.js';

export const ENGINE = '/usr/lib/dracut/modules.d/30ignition/ignition';
const SCRIPT = fileURLToPath(new URL('./run-in-namespace.sh', import.meta.url));

export function requireTools(): void {
  const missing = [ENGINE, '/usr/sbin/useradd', '/usr/sbin/groupadd', '/usr/bin/unshare', '/usr/bin/systemctl'].filter(
    (p) => !existsSync(p),
  );
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.join(', ')}: run scripts/setup-system (installs Debian's ignition, passwd, util-linux, systemd)`,
    );
  if (process.getuid?.() !== 0)
    throw new Error('the differential test runs the engine in a private mount namespace: run it as root');
}

/** Builds the base root once: returns the tar of it. */
export function buildBase(work: string): string {
  const b = join(work, 'base');
  for (const d of [
    'etc/default',
    'etc/skel',
    'etc/selinux',
    'etc/systemd/system/multi-user.target.wants',
    'home',
    'root',
    'usr/bin',
    'usr/share',
    'srv',
    'opt',
    'var/lib',
  ])
    mkdirSync(join(b, d), { recursive: true });
  chmodSync(b, 0o755);
  chmodSync(join(b, 'root'), 0o700);
  writeFileSync(
    join(b, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/bash\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nold:x:1500:1500::/home/old:/bin/sh\n',
  );
  writeFileSync(
    join(b, 'etc/group'),
    'root:x:0:\nbin:x:2:\nwheel:x:10:\nsudo:x:27:\ndocker:x:233:\nnogroup:x:65534:\nold:x:1500:\noldgroup:x:1600:\n',
  );
  writeFileSync(
    join(b, 'etc/shadow'),
    'root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\nold:*:19000:0:99999:7:::\n',
    { mode: 0o640 },
  );
  writeFileSync(
    join(b, 'etc/gshadow'),
    'root:*::\nbin:*::\nwheel:*::\nsudo:*::\ndocker:!::\nnogroup:*::\nold:!::\noldgroup:!::\n',
    { mode: 0o640 },
  );
  writeFileSync(join(b, 'etc/login.defs'), readFileSync('/etc/login.defs'));
  writeFileSync(join(b, 'etc/default/useradd'), 'SHELL=/bin/sh\n');
  writeFileSync(join(b, 'etc/skel/.profile'), '# skel profile\n');
  writeFileSync(join(b, 'etc/selinux/config'), 'SELINUX=disabled\nSELINUXTYPE=targeted\n');
  writeFileSync(join(b, 'etc/motd'), 'old motd\n');
  writeFileSync(
    join(b, 'etc/systemd/system/old.service'),
    '[Unit]\nDescription=old\n[Install]\nWantedBy=multi-user.target\n',
  );
  symlinkSync('/etc/systemd/system/old.service', join(b, 'etc/systemd/system/multi-user.target.wants/old.service'));
  symlinkSync('/dev/null', join(b, 'etc/systemd/system/masked.service'));
  symlinkSync('/srv', join(b, 'opt/srvlink'));
  symlinkSync('../usr/share', join(b, 'etc/sharelink'));
  mkdirSync(join(b, 'home/old'));
  chmodSync(join(b, 'home/old'), 0o700);
  execFileSync('chown', ['-R', '1500:1500', join(b, 'home/old')]);
  const tar = join(work, 'base.tar');
  execFileSync('tar', ['--numeric-owner', '-cpf', tar, '-C', b, '.']);
  return tar;
}

/** An empty root that got Flatcar's first-boot account files from Hull's image code: returns the tar of it. */
export async function buildFlatcarBase(work: string): Promise<string> {
  const b = join(work, 'flatcar-base');
  mkdirSync(b);
  chmodSync(b, 0o755);
  if (!(await writeFlatcarBase(rootPorts(b).fs))) throw new Error('the Flatcar base root was not empty');
  // Debian's engine is built to relabel for SELinux and fails without a policy config (Flatcar's is not).
  mkdirSync(join(b, 'etc/selinux'));
  writeFileSync(join(b, 'etc/selinux/config'), 'SELINUX=disabled\nSELINUXTYPE=targeted\n');
  const tar = join(work, 'flatcar-base.tar');
  execFileSync('tar', ['--numeric-owner', '-cpf', tar, '-C', b, '.']);
  return tar;
}

export interface Run {
  ok: boolean;
  tree: Map<string, string>;
  log: string;
}

function extract(tar: string | Buffer, dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (typeof tar === 'string') execFileSync('tar', ['--numeric-owner', '-xpf', tar, '-C', dir]);
  else execFileSync('tar', ['--numeric-owner', '-xpf', '-', '-C', dir], { input: tar, maxBuffer: 1 << 30 });
}

/** Everything that matters of a tree: type, mode, owner, contents, link target, hard-link group. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const inodes = new Map<number, string>();
  const walk = (rel: string) => {
    const p = join(root, rel);
    const st = lstatSync(p);
    const own = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
    if (st.isSymbolicLink()) out.set(rel || '/', `link ${own.split(' ')[1]} -> ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(rel || '/', `dir ${own}`);
      for (const n of readdirSync(p).sort()) walk(`${rel}/${n}`);
    } else if (st.isFile()) {
      let body = readFileSync(p);
      if (rel === '/etc/systemd/system-preset/20-ignition.preset')
        body = Buffer.from(body.toString().split('\n').filter(Boolean).sort().join('\n'));
      const text =
        body.length < 400 && !body.includes(0)
          ? JSON.stringify(body.toString())
          : createHash('sha256').update(body).digest('hex');
      const first = st.nlink > 1 ? inodes.get(st.ino) : undefined;
      if (st.nlink > 1 && first === undefined) inodes.set(st.ino, rel);
      out.set(rel, `file ${own} ${text}${first ? ` (hard link of ${first})` : ''}`);
    } else out.set(rel, `other ${own}`);
  };
  walk('');
  // Not part of the comparison: the engine's result file (a date), shadow-utils' backups and lock.
  for (const k of [...out.keys()])
    if (/^\/etc\/(\.ignition-result\.json|(passwd|group|shadow|gshadow|subuid|subgid)-|\.pwd\.lock)$/.test(k))
      out.delete(k);
  return out;
}

export function runReal(work: string, baseTar: string, name: string, config: string): Run {
  const scratch = mkdtempSync(join(work, `ns-${name}-`));
  const cfg = join(work, `${name}.ign`);
  writeFileSync(cfg, config);
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', SCRIPT, scratch, baseTar, cfg], {
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });
  const log = r.stderr.toString();
  if (r.status !== 0) throw new Error(`the namespace run failed (${r.status}): ${log.slice(-2000)}`);
  const codes = [...log.matchAll(/^ignition-status (\S+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])] as const);
  const ok = codes.length === 2 && codes.every(([, c]) => c === 0);
  const dir = join(work, `real-${name}`);
  extract(r.stdout, dir);
  const tree = snapshot(dir);
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  return { ok, tree, log };
}

export async function runHull(work: string, baseTar: string, name: string, config: string): Promise<Run> {
  const dir = join(work, `hull-${name}`);
  extract(baseTar, dir);
  const r = await provision(config, rootPorts(dir));
  const tree = snapshot(dir);
  rmSync(dir, { recursive: true, force: true });
  return {
    ok: r.ok,
    tree,
    log:
      JSON.stringify(r.stages.filter((s) => s.status === 'failed')) +
      JSON.stringify(r.report.issues.filter((i) => i.severity === 'error')),
  };
}

export function workDir(): string {
  // Searchable by everyone: the engine writes SSH keys as the user, through this directory.
  const dir = mkdtempSync(join(tmpdir(), 'hull-prov-diff-'));
  chmodSync(dir, 0o755);
  return dir;
}

export function diffTrees(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k}\n   hull: ${a.get(k) ?? '(absent)'}\n   real: ${b.get(k) ?? '(absent)'}`);
}
