/**
 * Writing a file atomically — the one home of this concept (the agent's prefs
 * and status, `hull host boot`'s boot.json and machine-id, the reboot
 * coordinator's coordinator.conf): a temporary file in the same folder,
 * written, renamed over the path, so a kill at any moment leaves the old or
 * the new content and never a torn one. With `durable` (the default) the file
 * and then its folder are fsynced, so a power loss does as well; volatile
 * files under /run may skip that.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { AppError } from '../../core/index.js';
import { errnoText } from './errno-text.js';

export interface WriteAtomicOptions {
  readonly durable?: boolean;
  /** The new file's mode (default 0644). */
  readonly mode?: number;
}

/** Throws AppError IO_FAILED (the path and the system's reason) when it cannot. */
export async function writeAtomic(
  path: string,
  data: string | Uint8Array,
  opts: WriteAtomicOptions = {},
): Promise<void> {
  const durable = opts.durable ?? true;
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'wx', opts.mode ?? 0o644);
    try {
      await fh.writeFile(data);
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    if (!durable) return;
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new AppError('IO_FAILED', `cannot write ${errnoText(path, err, { creating: true })}`, { cause: err });
  }
}
