/**
 * `hull host boot` wired on Node: the image file, debugfs for the slot's
 * files, /bin/sh for the health script, ROOT as a directory. The agent and
 * the tests call `bootImage`; the CLI prints its result.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../core/index.js';
import { hostBoot, type HostBootResult } from '../../disk/index.js';
import { openDevice } from '../disk/index.js';
import { errnoText } from '../node/index.js';
import { debugfsReader } from './ext2-debugfs.js';
import { healthRunner } from './health.js';
import { hostRoot } from './host-root.js';

export interface BootImageOptions {
  readonly dryRun?: boolean;
  /** The health script's time limit (default 30 s). */
  readonly healthTimeoutMs?: number;
}

/** Boots `image` once as the simulated machine `root` (docs/host.md). */
export async function bootImage(image: string, root: string, opts: BootImageOptions = {}): Promise<HostBootResult> {
  const dev = await openDevice(image, { writable: !opts.dryRun });
  const abs = await realpath(image);
  const rootAbs = resolve(root);
  if (!opts.dryRun) {
    await mkdir(rootAbs, { recursive: true }).catch((err: unknown) => {
      throw new AppError('IO_FAILED', errnoText(rootAbs, err, { creating: true }), { cause: err });
    });
  }
  const reader = await debugfsReader(abs);
  try {
    return await hostBoot(
      {
        device: dev,
        readSlotFile: reader.read,
        runHealth: healthRunner(rootAbs, opts.healthTimeoutMs !== undefined ? { timeoutMs: opts.healthTimeoutMs } : {}),
        root: hostRoot(rootAbs),
        now: () => new Date(),
        uuid: () => randomUUID(),
      },
      { image: abs, ...(opts.dryRun ? { dryRun: true } : {}) },
    );
  } finally {
    await reader.close();
    await dev.close();
  }
}

export { readBootRecord, writeFileAtomic, BOOT_RECORD_PATH } from './host-root.js';
