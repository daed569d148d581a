/**
 * The simulated machine's directory ROOT (docs/host.md): `run/` emptied on
 * each boot, `etc/machine-id`, `run/hull/boot.json` written atomically
 * (a temporary file beside it, fsynced, then renamed); and the reader of
 * boot.json for the agent.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import type { BootRecord, HostRoot } from '../../disk/index.js';
import { errnoText, writeAtomic } from '../node/index.js';

export const BOOT_RECORD_PATH = 'run/hull/boot.json';

/** Writes `data` to `path` atomically (src/adapters/node/write-atomic.ts). */
export const writeFileAtomic = (path: string, data: string | Uint8Array, mode = 0o644): Promise<void> =>
  writeAtomic(path, data, { mode });

const io = (what: string, err: unknown): AppError => new AppError('IO_FAILED', errnoText(what, err), { cause: err });

export function hostRoot(root: string): HostRoot {
  return {
    async resetRun() {
      const run = join(root, 'run');
      try {
        await rm(run, { recursive: true, force: true });
        await mkdir(run, { recursive: true, mode: 0o755 });
      } catch (err) {
        throw io(run, err);
      }
    },
    async ensureMachineId() {
      const path = join(root, 'etc', 'machine-id');
      try {
        if (
          await stat(path).then(
            () => true,
            () => false,
          )
        )
          return;
        await writeFileAtomic(path, `${randomBytes(16).toString('hex')}\n`, 0o444);
      } catch (err) {
        throw io(path, err);
      }
    },
    async writeBootRecord(record) {
      const path = join(root, BOOT_RECORD_PATH);
      try {
        await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
      } catch (err) {
        throw io(path, err);
      }
    },
  };
}

/** Reads `ROOT/run/hull/boot.json`; undefined when the machine was not booted since `run/` was last emptied. */
export async function readBootRecord(root: string): Promise<BootRecord | undefined> {
  const path = join(root, BOOT_RECORD_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw io(path, err);
  }
  try {
    const v = JSON.parse(text) as BootRecord;
    if (
      typeof v !== 'object' ||
      v === null ||
      typeof v.partition !== 'number' ||
      typeof v.bootId !== 'string' ||
      typeof v.release !== 'object'
    )
      throw new Error('not a boot record');
    return v;
  } catch (err) {
    throw new AppError(
      'INPUT_INVALID',
      `${path} is not a boot record written by hull host boot: ${(err as Error).message}`,
    );
  }
}
