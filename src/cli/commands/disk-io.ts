/** Shared helpers of `hull disk` and `hull cgpt`: sizes, opening images, reading with issues, printing issues. */
import { AppError, type Issue } from '../../core/index.js';
import { createImage, openDevice, type OpenedDevice } from '../../adapters/disk/image-file.js';
import { getPrio, readGpt, writeGpt, writeOptionsFor, type GptPartition, type GptReadResult, type GptTable } from '../../disk/index.js';
import type { CliContext } from '../context.js';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KIB: 1024, M: 1024 ** 2, MIB: 1024 ** 2, G: 1024 ** 3, GIB: 1024 ** 3, T: 1024 ** 4, TIB: 1024 ** 4 };

export function parseSize(text: string, option = '--size'): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toUpperCase()] : undefined;
  if (!m || unit === undefined) throw new AppError('USAGE', `${option}: cannot read '${text}' (use e.g. 8GiB, 512MiB or a byte count)`);
  return Math.floor(Number(m[1]) * unit);
}

export { createImage, openDevice, type OpenedDevice };

export function printIssues(ctx: CliContext, image: string, issues: readonly Issue[]): void {
  for (const i of issues) ctx.stderr.write(`${image}: ${i.severity} ${i.code}: ${i.message}\n`);
}

/** Issues of one damaged copy are recoverable: the other copy is used and both are rewritten. */
const COPY_DAMAGE = new Set(['DISK_HEADER_CRC', 'DISK_HEADER_SIGNATURE', 'DISK_HEADER_FIELDS', 'DISK_ENTRIES_CRC']);
export const blockingIssues = (issues: readonly Issue[]): Issue[] => issues.filter((i) => i.severity === 'error' && !COPY_DAMAGE.has(i.code));

/** Reads the GPT; a table with error issues (other than a recoverable damaged copy) is refused for writing. */
export async function readOrFail(ctx: CliContext, image: string, dev: OpenedDevice, forWrite: boolean): Promise<GptReadResult & { table: GptTable; source: 'primary' | 'backup' }> {
  const r = await readGpt(dev);
  if (!r.table || !r.source || (forWrite && blockingIssues(r.issues).length > 0)) {
    printIssues(ctx, image, r.issues);
    ctx.exitCode = 1;
    throw new AppError('INPUT_INVALID', `${image}: the GPT has errors; nothing was written`);
  }
  return r as GptReadResult & { table: GptTable; source: 'primary' | 'backup' };
}

export async function writeBack(dev: OpenedDevice, r: { source: 'primary' | 'backup' }, table: GptTable): Promise<void> {
  await writeGpt(dev, table, writeOptionsFor(r.source));
}

export const hexAttr = (a: bigint): string => `0x${a.toString(16).padStart(16, '0')}`;

export function partitionJson(p: GptPartition): Record<string, unknown> {
  const a = getPrio(p.attributes);
  return {
    number: p.number,
    label: p.name,
    typeGuid: p.typeGuid,
    guid: p.guid,
    firstLba: Number(p.firstLba),
    lastLba: Number(p.lastLba),
    attributes: hexAttr(p.attributes),
    priority: a.priority,
    tries: a.tries,
    successful: a.successful,
  };
}
