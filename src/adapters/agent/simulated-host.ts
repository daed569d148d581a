/**
 * The Host of a simulated machine (docs/host.md, docs/agent.md): ROOT plus a disk
 * image. What booted comes from `ROOT/run/hull/boot.json` (written by `hull
 * host boot`), the disk is the image, the kernel of a slot goes to
 * `flatcar/vmlinuz-a|b` on the image's EFI-SYSTEM FAT, the completed marker is
 * `ROOT/run/update_engine_autoupdate_completed`.
 */
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import type { BootedSystem, Host, KernelTarget, Reboot } from '../../update/index.js';
import { openDevice, efiKernelTarget } from '../disk/index.js';
import { readBootRecord } from '../host/index.js';
import type { BootRecord } from '../../disk/index.js';
import { readText, removeIfExists, writeAtomic } from './files.js';

export type BootJson = BootRecord;

export const bootJsonPath = (root: string): string => join(root, 'run/hull/boot.json');
export const markerPath = (root: string): string => join(root, 'run/update_engine_autoupdate_completed');
export const rebootRequestedPath = (root: string): string => join(root, 'run/hull/reboot-requested');

/** The boot record of the last `hull host boot` (src/adapters/host); NOT_FOUND when the machine was not booted. */
export async function readBootJson(root: string): Promise<BootJson> {
  const b = await readBootRecord(root);
  if (b === undefined)
    throw new AppError(
      'NOT_FOUND',
      `${bootJsonPath(root)} does not exist: boot the simulated machine first (hull host boot IMAGE --root ${root})`,
    );
  return b;
}

/** `uname -m` for a Flatcar board. */
export const archOfBoard = (board: string | undefined): string => (board?.startsWith('arm64') ? 'aarch64' : 'x86_64');

/** key=value text (oem-release) → values; quotes around a value removed. */
function kv(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}

export function simulatedHost(root: string, image: string): Host & Reboot {
  return {
    async booted(): Promise<BootedSystem> {
      const b = await readBootJson(root);
      const machineId = (await readText(join(root, 'etc/machine-id')))?.trim() ?? '';
      const oem = kv(
        (await readText(join(root, 'etc/oem-release'))) ?? (await readText(join(root, 'usr/share/oem/oem-release'))),
      );
      return {
        partition: b.partition,
        release: b.release,
        updateConf: b.updateConf ?? {},
        bootId: b.bootId,
        machineId,
        machineArch: archOfBoard(b.release['FLATCAR_RELEASE_BOARD']),
        oem: oem['ID'] ?? '',
        oemVersion: oem['VERSION_ID'] ?? '',
      };
    },
    readUpdateConf: () => readText(join(root, 'etc/flatcar/update.conf')),
    openDisk: () => openDevice(image, { writable: true }),
    // flatcar/vmlinuz-a|b on the image's EFI-SYSTEM FAT, as update_engine writes /boot/flatcar (7 when it is missing).
    kernelTarget: (slot, size): Promise<KernelTarget> => efiKernelTarget(image, slot, size),
    async healthy() {
      return (await readBootJson(root)).health.ok === true;
    },
    async markerExists() {
      return (await readText(markerPath(root))) !== undefined;
    },
    writeMarker: () => writeAtomic(markerPath(root), ''),
    removeMarker: () => removeIfExists(markerPath(root)),
    reboot: () => writeAtomic(rebootRequestedPath(root), `${new Date().toISOString()}\n`),
  };
}
