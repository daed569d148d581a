/**
 * The Host of a real machine (docs/agent.md): /usr's device from
 * /proc/self/mountinfo and /sys/dev/block/MAJ:MIN (its partition number and
 * its disk), the release from /usr/share/flatcar/release, the boot id from
 * /proc, the kernel of a slot at /boot/flatcar/vmlinuz-a|b (where
 * update_engine writes it), the health gate "no failed systemd unit" or a
 * --health-command. ROOT prefixes /etc, /var and /run (default /).
 */
import { execFile } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../core/index.js';
import { parseKeyValues, type BootedSystem, type Host, type KernelTarget, type Reboot } from '../../update/index.js';
import { openDevice } from '../disk/index.js';
import { archOfBoard, markerPath } from './simulated-host.js';
import { readText, kernelFile, removeIfExists, writeAtomic } from './files.js';

/** The MAJ:MIN of the filesystem mounted at `mountPoint`, from /proc/self/mountinfo text (the last mount wins). */
export function deviceOfMount(mountinfo: string, mountPoint: string): string | undefined {
  let found: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    if (f.length > 4 && f[4] === mountPoint) found = f[2];
  }
  return found;
}

const run = (cmd: string, args: readonly string[]): Promise<{ code: number; stdout: string }> =>
  new Promise((done) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout) }),
    );
  });

export interface RealHostOptions {
  readonly root?: string;
  /** A shell command whose exit 0 means healthy, instead of "no failed unit". */
  readonly healthCommand?: string;
}

/** /usr's partition: its number and the disk it is on. */
export async function usrPartition(): Promise<{ partition: number; disk: string }> {
  const mi = (await readText('/proc/self/mountinfo')) ?? '';
  const dev = deviceOfMount(mi, '/usr');
  if (!dev)
    throw new AppError(
      'NOT_FOUND',
      '/usr is not a mount point here: this is not a Flatcar-layout machine (give --image for a simulated one)',
    );
  let sys = resolve('/sys/dev/block', await readlink(`/sys/dev/block/${dev}`));
  let part = (await readText(`${sys}/partition`))?.trim();
  if (!part) {
    // dm-verity (/dev/mapper/usr): the partition under it, as rootdev -s does.
    const slaves = await readdir(`${sys}/slaves`).catch(() => [] as string[]);
    if (slaves.length === 1) {
      sys = resolve(`${sys}/slaves`, await readlink(`${sys}/slaves/${slaves[0]}`));
      part = (await readText(`${sys}/partition`))?.trim();
    }
  }
  if (!part)
    throw new AppError(
      'NOT_FOUND',
      `/usr (device ${dev}) is not on a partition of a disk (an unpartitioned disk, or a device-mapper device with several parts)`,
    );
  return { partition: Number(part), disk: `/dev/${basename(resolve(sys, '..'))}` };
}

export function realHost(opts: RealHostOptions = {}): Host & Reboot {
  const root = opts.root ?? '/';
  return {
    async booted(): Promise<BootedSystem> {
      const { partition } = await usrPartition();
      const release = parseKeyValues(
        (await readText('/usr/share/flatcar/release')) ?? '',
        '/usr/share/flatcar/release',
      ).values;
      const updateConf = parseKeyValues(
        (await readText('/usr/share/flatcar/update.conf')) ?? '',
        '/usr/share/flatcar/update.conf',
      ).values;
      const oem = parseKeyValues(
        (await readText(join(root, 'etc/oem-release'))) ?? (await readText('/usr/share/oem/oem-release')) ?? '',
        'oem-release',
      ).values;
      return {
        partition,
        release,
        updateConf,
        bootId: ((await readText('/proc/sys/kernel/random/boot_id')) ?? '').trim(),
        machineId: ((await readText(join(root, 'etc/machine-id'))) ?? '').trim(),
        machineArch: archOfBoard(release['FLATCAR_RELEASE_BOARD']),
        oem: (oem['ID'] ?? '').replace(/^"(.*)"$/, '$1'),
        oemVersion: (oem['VERSION_ID'] ?? '').replace(/^"(.*)"$/, '$1'),
      };
    },
    readUpdateConf: () => readText(join(root, 'etc/flatcar/update.conf')),
    async openDisk() {
      return openDevice((await usrPartition()).disk, { writable: true });
    },
    kernelTarget: (slot, size): Promise<KernelTarget> =>
      kernelFile(`/boot/flatcar/vmlinuz-${slot.toLowerCase()}`, size),
    async healthy() {
      if (opts.healthCommand !== undefined) return (await run('/bin/sh', ['-c', opts.healthCommand])).code === 0;
      const r = await run('systemctl', ['list-units', '--state=failed', '--no-legend', '--plain']);
      return r.code === 0 && r.stdout.trim() === '';
    },
    async markerExists() {
      return (await readText(markerPath(root))) !== undefined;
    },
    writeMarker: () => writeAtomic(markerPath(root), ''),
    removeMarker: () => removeIfExists(markerPath(root)),
    async reboot() {
      await writeAtomic(join(root, 'run/reboot-required'), '');
      const r = await run('systemctl', ['reboot']);
      if (r.code !== 0) throw new AppError('IO_FAILED', `systemctl reboot failed (exit ${r.code})`);
    },
  };
}
