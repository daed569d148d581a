/**
 * The query engine: journalctl's filters (as `hull journal`'s flags and the
 * API's parameters give them) compiled into a `JournalQuery`, journalctl 252's
 * way of combining them: each of -M (hosts), -b (boot), -k, -u (units), -t
 * (identifiers), -p (priorities) and the `FIELD=VALUE` matches is one term,
 * the terms ANDed; inside the matches, values of one field are ORed, fields
 * ANDed, `+` ORs whole groups.
 */
import { AppError, pushAll } from '../core/index.js';
import { bytesOf } from './entry.js';
import { compileGrep, latin1OfUtf8 } from './pattern.js';
import type { JournalQuery, MatchExpr } from './query.js';
import type { JournalBoot, JournalHost } from './repository.js';
import { parseTimestamp } from './time-spec.js';
import { globToRegExp, isGlob, mangleUnitName, UNIT_FIELDS, unitMatches } from './units.js';

/** What a query asks, in journalctl's terms (text as the user gave it). */
export interface JournalFilters {
  readonly hosts?: readonly string[];
  readonly units?: readonly string[];
  readonly identifiers?: readonly string[];
  /** `-p`: a level or a range (`err`, `3`, `err..warning`). */
  readonly priority?: string;
  /** `-b`: '' or '0' (the last boot), `-1`, `1`, an id, `ID±N`, `all`. */
  readonly boot?: string;
  /** `-k`: kernel messages (of the last boot unless -b says). */
  readonly dmesg?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly grep?: string;
  readonly caseSensitive?: boolean;
  /** `FIELD=VALUE` and `+`, in order. */
  readonly matches?: readonly string[];
}

/** What the engine reads of a store to compile: boots per host, hosts, a field's values (unit globs). */
export interface FilterSource {
  hosts(): Promise<readonly JournalHost[]>;
  boots(host: string): Promise<readonly JournalBoot[]>;
  fieldValues(name: string, q?: JournalQuery): Promise<readonly Uint8Array[]>;
}

export interface CompileContext {
  readonly source: FilterSource;
  /** µs since the epoch. */
  readonly now: bigint;
  /** The zone of local times (undefined: the runtime's, i.e. TZ). */
  readonly timeZone?: string;
}

const queryInvalid = (message: string, hint?: string): AppError =>
  new AppError('JOURNAL_QUERY_INVALID', message, hint === undefined ? {} : { hint });
const noData = (message: string): AppError => new AppError('JOURNAL_NO_DATA', message);

const field = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
const or = (of: MatchExpr[]): MatchExpr => (of.length === 1 ? of[0]! : { kind: 'or', of });
const and = (of: MatchExpr[]): MatchExpr => (of.length === 1 ? of[0]! : { kind: 'and', of });

export const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

function level(s: string): number {
  const i = LEVELS.indexOf(s);
  if (i >= 0) return i;
  if (/^[0-7]$/.test(s)) return Number(s);
  return -1;
}

/** `-p`: the set of priorities as a bit mask (0xff: every one, which adds no match). */
export function parsePriorities(text: string): number {
  const dots = text.indexOf('..');
  if (dots >= 0) {
    const from = level(text.slice(0, dots));
    const to = level(text.slice(dots + 2));
    if (from < 0 || to < 0)
      throw queryInvalid(
        `Failed to parse log level range ${text}`,
        'levels: emerg alert crit err warning notice info debug, or 0..7; a range as err..warning',
      );
    let mask = 0;
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) mask |= 1 << i;
    return mask;
  }
  const p = level(text);
  if (p < 0)
    throw queryInvalid(`Unknown log level ${text}`, 'levels: emerg alert crit err warning notice info debug, or 0..7');
  return (1 << (p + 1)) - 1;
}

/** sd_journal_add_match's rule for `FIELD=VALUE`: a name of A–Z, 0–9, _ before the first `=`, not starting with `__`. */
export function isValidMatch(m: string): boolean {
  const eq = m.indexOf('=');
  if (eq <= 0 || m.startsWith('__')) return false;
  return /^[A-Z0-9_]+$/.test(m.slice(0, eq));
}

/** The positional matches: same field ORed, fields ANDed, `+` ORs groups. Undefined when there is none. */
export function compileMatches(matches: readonly string[]): MatchExpr | undefined {
  const groups: Array<Map<string, MatchExpr[]>> = [new Map()];
  for (const m of matches) {
    if (m === '+') {
      if (groups[groups.length - 1]!.size > 0) groups.push(new Map());
      continue;
    }
    if (m.startsWith('/'))
      throw queryInvalid(
        `Failed to add match '${m}': Hull does not resolve paths to executables or devices`,
        'match _EXE=PATH or _KERNEL_DEVICE=… explicitly',
      );
    if (!isValidMatch(m))
      throw queryInvalid(
        `Failed to add match '${m}': Invalid argument`,
        'a match is FIELD=VALUE, FIELD of A–Z, 0–9 and _ (not __…), or + alone',
      );
    const eq = m.indexOf('=');
    const name = m.slice(0, eq);
    const g = groups[groups.length - 1]!;
    const list = g.get(name) ?? [];
    list.push(field(name, m.slice(eq + 1)));
    g.set(name, list);
  }
  const nonEmpty = groups.filter((g) => g.size > 0);
  if (nonEmpty.length === 0) return undefined;
  return or(nonEmpty.map((g) => and([...g.values()].map((vs) => or(vs)))));
}

const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
};

async function compileUnits(units: readonly string[], source: FilterSource): Promise<MatchExpr | undefined> {
  if (units.length === 0) return undefined;
  const terms: MatchExpr[] = [];
  const patterns: RegExp[] = [];
  for (const u of units) {
    const name = mangleUnitName(u);
    if (isGlob(name)) patterns.push(globToRegExp(latin1OfUtf8(name)));
    else pushAll(terms, unitMatches(name));
  }
  let count = units.length - patterns.length;
  if (patterns.length > 0) {
    const found = new Set<string>();
    for (const f of UNIT_FIELDS) for (const v of await source.fieldValues(f)) found.add(latin1(v));
    for (const u of [...found].sort()) {
      if (!patterns.some((p) => p.test(u))) continue;
      pushAll(terms, unitMatches(new TextDecoder().decode(Uint8Array.from(u, (c) => c.charCodeAt(0)))));
      count++;
    }
  }
  if (count === 0) throw noData('Failed to add filter for units: No data available');
  return or(terms);
}

const BOOT_ID =
  /^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})([+-][0-9]+)?$/;

/** `-b`'s descriptor: undefined for `all`. Throws for what journalctl cannot parse. */
export function parseBootDescriptor(text: string): { id?: string; offset: number } | undefined {
  if (text === 'all') return undefined;
  if (text === '') return { offset: 0 };
  if (/^[+-]?[0-9]+$/.test(text)) return { offset: Number(text) };
  const m = BOOT_ID.exec(text);
  if (!m)
    throw queryInvalid(
      `Failed to parse boot descriptor '${text}'`,
      '-b takes an offset (0, -1, 1), a boot id, ID±N, or all',
    );
  return { id: m[1]!.replace(/-/g, '').toLowerCase(), offset: m[2] ? Number(m[2]) : 0 };
}

async function compileBoot(
  text: string,
  hosts: readonly string[] | undefined,
  source: FilterSource,
): Promise<MatchExpr | undefined> {
  const d = parseBootDescriptor(text);
  if (d === undefined) return undefined;
  const names = hosts && hosts.length > 0 ? hosts : (await source.hosts()).map((h) => h.host);
  const terms: MatchExpr[] = [];
  for (const host of names) {
    const boots = await source.boots(host);
    let at: number;
    if (d.id !== undefined) {
      const i = boots.findIndex((b) => b.bootId === d.id);
      if (i < 0) continue;
      at = i + d.offset;
    } else at = d.offset <= 0 ? boots.length - 1 + d.offset : d.offset - 1;
    const boot = boots[at];
    if (boot === undefined) continue;
    terms.push(and([{ kind: 'host', host }, field('_BOOT_ID', boot.bootId)]));
  }
  if (terms.length === 0) {
    throw noData(
      d.id !== undefined
        ? `Data from the specified boot (${d.id}${d.offset ? (d.offset > 0 ? '+' : '') + d.offset : ''}) is not available`
        : `No journal boot entry found from the specified boot offset (${d.offset > 0 ? '+' : ''}${d.offset})`,
    );
  }
  return or(terms);
}

/** The filters as a JournalQuery (`where`, `since`, `until`, `grep`); paging is the caller's. */
export async function compileFilters(filters: JournalFilters, ctx: CompileContext): Promise<JournalQuery> {
  const terms: MatchExpr[] = [];
  const hosts = filters.hosts ?? [];
  if (hosts.length > 0) terms.push(or(hosts.map((host): MatchExpr => ({ kind: 'host', host }))));
  const boot = filters.boot ?? (filters.dmesg ? '' : undefined);
  if (boot !== undefined) {
    const b = await compileBoot(boot, hosts, ctx.source);
    if (b) terms.push(b);
  }
  if (filters.dmesg) terms.push(field('_TRANSPORT', 'kernel'));
  const units = await compileUnits(filters.units ?? [], ctx.source);
  if (units) terms.push(units);
  const ids = filters.identifiers ?? [];
  if (ids.length > 0) terms.push(or(ids.map((id) => field('SYSLOG_IDENTIFIER', id))));
  if (filters.priority !== undefined) {
    const mask = parsePriorities(filters.priority);
    if (mask !== 0xff) {
      const ps: MatchExpr[] = [];
      for (let i = 0; i < 8; i++) if (mask & (1 << i)) ps.push(field('PRIORITY', String(i)));
      terms.push(or(ps));
    }
  }
  const m = compileMatches(filters.matches ?? []);
  if (m) terms.push(m);
  const since = filters.since === undefined ? undefined : parseTimestamp(filters.since, ctx.now, ctx.timeZone);
  const until = filters.until === undefined ? undefined : parseTimestamp(filters.until, ctx.now, ctx.timeZone);
  if (since !== undefined && until !== undefined && since > until) {
    throw queryInvalid('--since= must be before --until=.');
  }
  return {
    ...(terms.length > 0 ? { where: and(terms) } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(filters.grep !== undefined ? { grep: compileGrep(filters.grep, filters.caseSensitive) } : {}),
  };
}
