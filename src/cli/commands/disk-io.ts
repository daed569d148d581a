/** Shared helpers of `hull disk` and `hull cgpt`: sizes, opening images, reading with issues, printing issues. */
import { AppError, Report, type Issue } from '../../core/index.js';
import { createImage, openDevice, type OpenedDevice } from '../../adapters/disk/index.js';
import {
  blockingIssues,
  getPrio,
  readGpt,
  writeGpt,
  writeOptionsFor,
  type GptPartition,
  type GptReadResult,
  type GptTable,
} from '../../disk/index.js';
import { toJsonIssues, type JsonIssue } from '../../source/index.js';
import type { CliContext } from '../context.js';

const UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 1024,
  KIB: 1024,
  M: 1024 ** 2,
  MIB: 1024 ** 2,
  G: 1024 ** 3,
  GIB: 1024 ** 3,
  T: 1024 ** 4,
  TIB: 1024 ** 4,
  P: 1024 ** 5,
  PIB: 1024 ** 5,
  E: 1024 ** 6,
  EIB: 1024 ** 6,
};

export function parseSize(text: string, option = '--size'): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toUpperCase()] : undefined;
  if (!m || unit === undefined)
    throw new AppError('USAGE', `${option}: cannot read '${text}' (use e.g. 8GiB, 512MiB or a byte count)`);
  const size = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(size))
    throw new AppError(
      'USAGE',
      `${option}: ${text} is more than any file system can hold in one file (at most ${Number.MAX_SAFE_INTEGER} bytes here)`,
    );
  return size;
}

export { createImage, openDevice, type OpenedDevice };

/**
 * Writes one line per item, a few thousand lines per write: a table may hold
 * 131 072 entries (and a damaged one as many issues), so neither one write per
 * line nor one string of everything.
 */
export function writeLines<T>(
  out: { write(text: string): void },
  items: readonly T[],
  line: (item: T) => string,
): void {
  const CHUNK = 4096;
  for (let i = 0; i < items.length; i += CHUNK) {
    let text = '';
    for (let j = i; j < Math.min(items.length, i + CHUNK); j++) text += `${line(items[j]!)}\n`;
    out.write(text);
  }
}

export function printIssues(ctx: CliContext, image: string, issues: readonly Issue[]): void {
  writeLines(ctx.stderr, issues, (i) => `${image}: ${i.severity} ${i.code}: ${i.message}`);
}

export { blockingIssues };

/** Reads the GPT; a table with error issues (other than a recoverable damaged copy) is refused for writing. */
export async function readOrFail(
  ctx: CliContext,
  image: string,
  dev: OpenedDevice,
  forWrite: boolean,
): Promise<GptReadResult & { table: GptTable; source: 'primary' | 'backup' }> {
  const r = await readGpt(dev);
  if (!r.table || !r.source || (forWrite && blockingIssues(r.issues).length > 0)) {
    // With -o json the issues travel in the envelope (renderAppError reads them from the error's report).
    if (ctx.output !== 'json') printIssues(ctx, image, r.issues);
    ctx.exitCode = 1;
    const report = new Report(r.issues);
    // No table at all: the file is not a disk image (a text file, an empty one), not a damaged one.
    if (!r.table)
      throw new AppError(
        'INPUT_INVALID',
        `${image} is not a GPT disk image (${(r.issues.find((i) => i.code === 'DISK_NO_VALID_GPT') ?? r.issues.find((i) => i.severity === 'error'))?.message ?? 'no valid GPT'})`,
        { report },
      );
    throw new AppError('INPUT_INVALID', `${image}: the GPT has errors${forWrite ? '; nothing was written' : ''}`, {
      report,
    });
  }
  return r as GptReadResult & { table: GptTable; source: 'primary' | 'backup' };
}

/** Writes `table` over the one `r` was read as (the safe order: docs/disk.md, "Write order"). */
export async function writeBack(
  dev: OpenedDevice,
  r: { table: GptTable; source: 'primary' | 'backup' },
  table: GptTable,
): Promise<void> {
  await writeGpt(dev, table, writeOptionsFor(r));
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

/** GPT issues in the -o json envelope, in the one issue shape (path `$`, no text positions: the input is not a text document). */
export const issuesJson = (issues: readonly Issue[]): JsonIssue[] => toJsonIssues(new Report(issues));
