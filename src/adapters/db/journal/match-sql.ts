import type { MatchExpr } from '../../../journal/index.js';
import { valueKey } from './value-key.js';

/** The fields kept as columns of journal_entries (their first value). */
export const COLUMN_FIELDS: Readonly<Record<string, string>> = {
  _BOOT_ID: 'boot_id',
  _SYSTEMD_UNIT: 'unit',
  SYSLOG_IDENTIFIER: 'identifier',
  PRIORITY: 'priority',
};

/**
 * Fields that never go to the match index: MESSAGE (full-text instead), the
 * address fields, and fields whose value differs in nearly every entry (an
 * index row per entry for nothing). A match on them is decided by the exact
 * filter after the SQL.
 */
export function isIndexedField(name: string, value: Uint8Array): boolean {
  if (name === 'MESSAGE' || name.startsWith('__')) return false;
  if (value.length > MAX_INDEXED_VALUE) return false;
  return !UNINDEXED.has(name);
}

export const MAX_INDEXED_VALUE = 512;

const UNINDEXED = new Set([
  // different in nearly every entry
  '_SOURCE_REALTIME_TIMESTAMP',
  '_SOURCE_MONOTONIC_TIMESTAMP',
  'SYSLOG_TIMESTAMP',
  'SYSLOG_RAW',
  '_STREAM_ID',
  'SYSLOG_PID',
  'TID',
  '_PID',
  // rarely matched on, and a row per entry each: their matches are decided by the exact filter
  '_CMDLINE',
  '_CAP_EFFECTIVE',
  '_SYSTEMD_CGROUP',
  '_SYSTEMD_INVOCATION_ID',
  'INVOCATION_ID',
  '_SELINUX_CONTEXT',
  '_GID',
  'SYSLOG_FACILITY',
  'CODE_FILE',
  'CODE_LINE',
  'CODE_FUNC',
  '_AUDIT_SESSION',
  '_AUDIT_LOGINUID',
  '_LINE_BREAK',
  '_RUNTIME_SCOPE',
]);

/** Where the match index lives: `terms` (SQLite, migration 0006: FTS5 tokens `v<id>`), `pairs` (PostgreSQL: journal_entry_values rows). */
export type MatchIndex = 'terms' | 'pairs';

export interface SqlPiece {
  readonly text: string;
  readonly params: unknown[];
}

/**
 * A SQL condition on journal_entries (alias `e`) that holds for every entry
 * the expression selects (maybe for more: the exact test runs after it).
 * `placeholder(i)` numbers parameters for the dialect; `extraColumns` says
 * which column fields have values beyond the first in the match index (an
 * entry with a repeated `_SYSTEMD_UNIT`; such values are indexed whatever
 * their length), so the column test alone would miss them. `common` holds
 * the valueKeys of index values so frequent that their row-id set costs more
 * than it narrows: they become true (the exact test decides).
 */
export function matchToSql(
  expr: MatchExpr,
  params: unknown[],
  placeholder: (i: number) => string,
  extraColumns: ReadonlySet<string>,
  index: MatchIndex,
  common: ReadonlySet<string> = new Set(),
  hostAnded = false,
): string {
  const p = (v: unknown) => {
    params.push(v);
    return placeholder(params.length);
  };
  const valueId = (name: string, value: Uint8Array) =>
    `select v.id from journal_values v where v.name = ${p(name)} and v.value = ${p(Buffer.from(value))}`;
  // `v0` is no entry's term (ids start at 1): a value never stored matches nothing.
  const indexed = (name: string, value: Uint8Array) =>
    common.has(valueKey(name, value))
      ? '1=1'
      : index === 'terms'
        ? `e.id in (select rowid from journal_terms where journal_terms match coalesce((select 'v' || id from (${valueId(name, value)})), 'v0'))`
        : `e.id in (select ev.entry_id from journal_entry_values ev where ev.value_id in (${valueId(name, value)}))`;
  switch (expr.kind) {
    case 'host':
      return `e.host = ${p(expr.host)}`;
    case 'field': {
      const col = COLUMN_FIELDS[expr.name];
      if (col !== undefined) {
        // SQLite: `+` keeps the planner from the column's index when a host is ANDed: (host, realtime) is the narrower (see `and`).
        const direct = `${hostAnded && index === 'terms' ? '+' : ''}e.${col} = ${p(Buffer.from(expr.value))}`;
        return extraColumns.has(expr.name) ? `(${direct} or ${indexed(expr.name, expr.value)})` : direct;
      }
      if (!isIndexedField(expr.name, expr.value)) return '1=1';
      return indexed(expr.name, expr.value);
    }
    case 'and': {
      // A host among the terms: the planner, without statistics, would take `unit = ?` for as narrow as
      // `host = ?` and walk a unit's entries of every host; the host's are fewer in a fleet.
      const withHost = hostAnded || expr.of.some((x) => x.kind === 'host');
      return expr.of.length === 0
        ? '1=1'
        : `(${expr.of.map((x) => matchToSql(x, params, placeholder, extraColumns, index, common, withHost)).join(' and ')})`;
    }
    case 'or':
      return expr.of.length === 0
        ? '1=0'
        : `(${expr.of.map((x) => matchToSql(x, params, placeholder, extraColumns, index, common, hostAnded)).join(' or ')})`;
  }
}

/** The field names a match expression tests. */
export function fieldNames(expr: MatchExpr | undefined, out = new Set<string>()): Set<string> {
  if (!expr) return out;
  if (expr.kind === 'field') out.add(expr.name);
  else if (expr.kind === 'and' || expr.kind === 'or') for (const x of expr.of) fieldNames(x, out);
  return out;
}
