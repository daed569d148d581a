/**
 * What a Flatcar ROOT holds when Ignition's files stage runs on first boot,
 * for the account files: Flatcar's initrd (bootengine's initrd-setup-root)
 * runs baselayout's `flatcar-tmpfiles` on /sysroot, which copies the
 * modifiable accounts — users root and core, groups root, wheel, sudo,
 * docker, systemd-journal and core — from /usr/share/baselayout into
 * /etc/{passwd,group,shadow,gshadow} (shadow lines as baselayout's Makefile
 * makes them, `NAME:*:15887:0:::::`; the shadow files under umask 027); then
 * `systemd-tmpfiles` with baselayout.conf and baselayout-home.conf makes /root
 * (0700), /home, /home/core and /home/core/.ssh (0700, core's). Every other
 * system account (bin, daemon, portage, …) stays in /usr/share/baselayout on
 * the USR partition, read through nss-altfiles; login.defs and skel come
 * from /usr too (the /etc overlay), so none of these are written into ROOT.
 * See decision D16.
 */
import type { TargetFs } from './ports.js';

export interface BaseEntry {
  readonly path: string;
  readonly kind: 'dir' | 'file';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly text?: string;
}

const CORE = 500;
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

export const FLATCAR_BASE: readonly BaseEntry[] = [
  { path: '/etc', kind: 'dir', mode: 0o755, uid: 0, gid: 0 },
  {
    path: '/etc/passwd',
    kind: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    text: lines('root:x:0:0:root:/root:/bin/bash', 'core:x:500:500:Flatcar Admin:/home/core:/bin/bash'),
  },
  {
    path: '/etc/group',
    kind: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    text: lines(
      'root:x:0:root',
      'wheel:x:10:root,core',
      'sudo:x:150:',
      'docker:x:233:core',
      'systemd-journal:x:248:core',
      'core:x:500:',
    ),
  },
  {
    path: '/etc/shadow',
    kind: 'file',
    mode: 0o640,
    uid: 0,
    gid: 0,
    text: lines('root:*:15887:0:::::', 'core:*:15887:0:::::'),
  },
  {
    path: '/etc/gshadow',
    kind: 'file',
    mode: 0o640,
    uid: 0,
    gid: 0,
    text: lines(
      'root:*::root',
      'wheel:*::root,core',
      'sudo:*::',
      'docker:*::core',
      'systemd-journal:*::core',
      'core:*::',
    ),
  },
  { path: '/root', kind: 'dir', mode: 0o700, uid: 0, gid: 0 },
  { path: '/home', kind: 'dir', mode: 0o755, uid: 0, gid: 0 },
  { path: '/home/core', kind: 'dir', mode: 0o755, uid: CORE, gid: CORE },
  { path: '/home/core/.ssh', kind: 'dir', mode: 0o700, uid: CORE, gid: CORE },
];

export const BASE_OP =
  "write Flatcar's first-boot account files into the new ROOT (/etc/passwd, group, shadow, gshadow; /root, /home/core)";

/**
 * Writes FLATCAR_BASE into an empty target (a ROOT filesystem this run makes).
 * Returns false, writing nothing, when the target's / is not empty: base files
 * never go over existing content.
 */
export async function writeFlatcarBase(fs: TargetFs): Promise<boolean> {
  if ((await fs.readdir('/')).length > 0) return false;
  for (const e of FLATCAR_BASE) {
    if (e.kind === 'dir') await fs.mkdir(e.path, e.mode);
    else await fs.writeFile(e.path, new TextEncoder().encode(e.text ?? ''));
    await fs.lchown(e.path, e.uid, e.gid);
    await fs.chmod(e.path, e.mode);
  }
  return true;
}
