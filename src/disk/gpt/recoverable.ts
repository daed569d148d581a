/**
 * Which read errors a write settles by itself. Damage to one copy (its header
 * signature, CRC or fields, or its entry-array CRC) and two valid copies that
 * differ are recovered: the table in use comes from the good (or newer) copy
 * and writing it back rewrites both copies (docs/disk.md, "Write order").
 * Every other error (no valid copy, a truncated device, partitions that
 * overlap or lie outside the disk) blocks writing.
 */
import type { Issue } from '../../core/index.js';

const RECOVERABLE = new Set([
  'DISK_HEADER_CRC',
  'DISK_HEADER_SIGNATURE',
  'DISK_HEADER_FIELDS',
  'DISK_ENTRIES_CRC',
  'DISK_COPIES_DISAGREE',
]);

/** The error issues that forbid writing the table (an empty list: it may be written, and repair settles the rest). */
export function blockingIssues(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error' && !RECOVERABLE.has(i.code));
}
