/**
 * `hull journal`'s command line, read as journalctl's getopt_long reads it:
 * bundled short flags (`-rn5`, `-fu foo`), `--name=value` or `--name value`,
 * unambiguous prefixes of long names (`--sin`), `-b`/`-n` taking the next
 * word only when it parses as their value, `--` ending the flags; the
 * positional words are matches (`FIELD=VALUE`, `+`). Pure.
 */
import { AppError, pushAll } from '../core/index.js';
import type { JournalFilters } from './filters.js';
import { isOutputMode, type OutputMode } from './output.js';

export interface JournalArgs {
  readonly filters: JournalFilters;
  /** `-n`: undefined for none, `all` maps to undefined too. */
  readonly lines?: number;
  readonly reverse: boolean;
  readonly follow: boolean;
  readonly output: OutputMode;
  readonly outputFields?: readonly string[];
  readonly all: boolean;
  readonly quiet: boolean;
  readonly utc: boolean;
  /** `-F FIELD`. */
  readonly field?: string;
  readonly listBoots: boolean;
  readonly file?: string;
  readonly server?: string;
  /** `-D/--directory/--data-dir`: a hull serve's data dir, its store read directly. */
  readonly directory?: string;
  /** `--database URL`: a hull serve's PostgreSQL store read directly. */
  readonly database?: string;
  readonly token?: string;
  readonly help: boolean;
}

type Arg = 'none' | 'required' | 'optional';

interface OptSpec {
  readonly id: string;
  readonly arg: Arg;
}

const SHORT: Readonly<Record<string, OptSpec>> = {
  u: { id: 'unit', arg: 'required' },
  t: { id: 'identifier', arg: 'required' },
  p: { id: 'priority', arg: 'required' },
  b: { id: 'boot', arg: 'optional' },
  S: { id: 'since', arg: 'required' },
  U: { id: 'until', arg: 'required' },
  n: { id: 'lines', arg: 'optional' },
  r: { id: 'reverse', arg: 'none' },
  f: { id: 'follow', arg: 'none' },
  g: { id: 'grep', arg: 'required' },
  o: { id: 'output', arg: 'required' },
  a: { id: 'all', arg: 'none' },
  F: { id: 'field', arg: 'required' },
  M: { id: 'host', arg: 'required' },
  q: { id: 'quiet', arg: 'none' },
  k: { id: 'dmesg', arg: 'none' },
  m: { id: 'merge', arg: 'none' },
  l: { id: 'full', arg: 'none' },
  h: { id: 'help', arg: 'none' },
  D: { id: 'directory', arg: 'required' },
};

const LONG: Readonly<Record<string, OptSpec>> = {
  unit: SHORT.u!,
  identifier: SHORT.t!,
  priority: SHORT.p!,
  boot: SHORT.b!,
  since: SHORT.S!,
  until: SHORT.U!,
  lines: SHORT.n!,
  reverse: SHORT.r!,
  follow: SHORT.f!,
  grep: SHORT.g!,
  'case-sensitive': { id: 'case-sensitive', arg: 'optional' },
  output: SHORT.o!,
  'output-fields': { id: 'output-fields', arg: 'required' },
  all: SHORT.a!,
  field: SHORT.F!,
  machine: SHORT.M!,
  host: SHORT.M!,
  quiet: SHORT.q!,
  dmesg: SHORT.k!,
  merge: SHORT.m!,
  full: SHORT.l!,
  utc: { id: 'utc', arg: 'none' },
  'no-pager': { id: 'no-pager', arg: 'none' },
  'list-boots': { id: 'list-boots', arg: 'none' },
  file: { id: 'file', arg: 'required' },
  server: { id: 'server', arg: 'required' },
  directory: SHORT.D!,
  'data-dir': SHORT.D!,
  database: { id: 'database', arg: 'required' },
  token: { id: 'token', arg: 'required' },
  help: SHORT.h!,
};

const usage = (message: string): AppError =>
  new AppError('USAGE', message, { hint: "see hull journal --help (journalctl's flags; docs/journal.md)" });

/** parse_lines: `all`, a number; undefined when not a value (then `-n` alone means 10). */
function linesValue(s: string): number | 'all' | undefined {
  if (s === 'all') return 'all';
  if (/^[0-9]+$/.test(s)) return Number(s);
  return undefined;
}

const looksLikeBoot = (s: string): boolean =>
  s === 'all' ||
  /^[+-]?[0-9]+$/.test(s) ||
  /^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})([+-][0-9]+)?$/.test(
    s,
  );

function parseBool(s: string): boolean {
  if (/^(1|yes|y|true|t|on)$/i.test(s)) return true;
  if (/^(0|no|n|false|f|off)$/i.test(s)) return false;
  throw usage(`Bad --case-sensitive= argument "${s}"`);
}

/** Reads journalctl's flags; throws USAGE for unknown flags or missing values. */
export function parseJournalArgs(argv: readonly string[]): JournalArgs {
  const units: string[] = [];
  const identifiers: string[] = [];
  const hosts: string[] = [];
  const matches: string[] = [];
  const v: Record<string, string | undefined> = {};
  let lines: number | undefined;
  let linesSet = false;
  let reverse = false;
  let follow = false;
  let all = false;
  let quiet = false;
  let utc = false;
  let dmesg = false;
  let listBoots = false;
  let help = false;
  let caseSensitive: boolean | undefined;
  let output: OutputMode = 'short';
  let outputFields: string[] | undefined;

  const apply = (spec: OptSpec, value: string | undefined, next: () => string | undefined): void => {
    switch (spec.id) {
      case 'unit':
        units.push(value!);
        break;
      case 'identifier':
        identifiers.push(value!);
        break;
      case 'host':
        hosts.push(value!);
        break;
      case 'boot':
        if (value !== undefined) v['boot'] = value;
        else {
          const n = next();
          if (n !== undefined && looksLikeBoot(n)) {
            v['boot'] = n;
            consumed = true;
          } else v['boot'] = '';
        }
        break;
      case 'lines': {
        const given = value ?? next();
        const parsed = given === undefined ? undefined : linesValue(given);
        if (value !== undefined && parsed === undefined) throw usage(`Failed to parse lines '${value}'`);
        if (value === undefined && parsed !== undefined) consumed = true;
        lines = parsed === 'all' ? undefined : (parsed ?? 10);
        linesSet = true;
        break;
      }
      case 'reverse':
        reverse = true;
        break;
      case 'follow':
        follow = true;
        break;
      case 'all':
        all = true;
        break;
      case 'quiet':
        quiet = true;
        break;
      case 'utc':
        utc = true;
        break;
      case 'dmesg':
        dmesg = true;
        break;
      case 'list-boots':
        listBoots = true;
        break;
      case 'help':
        help = true;
        break;
      case 'merge':
      case 'full':
      case 'no-pager':
        break;
      case 'case-sensitive':
        caseSensitive = value === undefined ? true : parseBool(value);
        break;
      case 'output':
        if (!isOutputMode(value!)) throw usage(`Unknown output format '${value}'.`);
        output = value;
        break;
      case 'output-fields':
        outputFields = [...(outputFields ?? []), ...value!.split(',').filter((x) => x !== '')];
        break;
      default:
        v[spec.id] = value;
    }
  };

  let consumed = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    consumed = false;
    const next = () => argv[i + 1];
    if (a === '--') {
      pushAll(matches, argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      let spec = LONG[name];
      if (spec === undefined) {
        const candidates = Object.keys(LONG).filter((k) => k.startsWith(name));
        const ids = new Set(candidates.map((k) => LONG[k]!.id));
        if (candidates.length === 0 || name === '') throw usage(`unrecognized option '${a}'`);
        if (ids.size > 1)
          throw usage(`option '${a}' is ambiguous; possibilities: ${candidates.map((c) => '--' + c).join(' ')}`);
        spec = LONG[candidates[0]!]!;
      }
      let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
      if (spec.arg === 'none' && value !== undefined) throw usage(`option '--${name}' doesn't allow an argument`);
      if (spec.arg === 'required' && value === undefined) {
        if (i + 1 >= argv.length) throw usage(`option '--${name}' requires an argument`);
        value = argv[++i]!;
      }
      apply(spec, value, spec.arg === 'optional' ? next : () => undefined);
      if (consumed) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        const spec = SHORT[c];
        if (spec === undefined) throw usage(`invalid option -- '${c}'`);
        if (spec.arg === 'none') {
          apply(spec, undefined, () => undefined);
          continue;
        }
        const rest = a.slice(k + 1);
        if (spec.arg === 'required') {
          let value = rest;
          if (value === '') {
            if (i + 1 >= argv.length) throw usage(`option requires an argument -- '${c}'`);
            value = argv[++i]!;
          }
          apply(spec, value, () => undefined);
        } else {
          apply(spec, rest === '' ? undefined : rest, rest === '' ? next : () => undefined);
          if (consumed) i++;
        }
        break;
      }
      continue;
    }
    matches.push(a);
  }

  const filters: JournalFilters = {
    ...(hosts.length > 0 ? { hosts } : {}),
    ...(units.length > 0 ? { units } : {}),
    ...(identifiers.length > 0 ? { identifiers } : {}),
    ...(v['priority'] !== undefined ? { priority: v['priority'] } : {}),
    ...(v['boot'] !== undefined ? { boot: v['boot'] } : {}),
    ...(dmesg ? { dmesg } : {}),
    ...(v['since'] !== undefined ? { since: v['since'] } : {}),
    ...(v['until'] !== undefined ? { until: v['until'] } : {}),
    ...(v['grep'] !== undefined ? { grep: v['grep'] } : {}),
    ...(caseSensitive !== undefined ? { caseSensitive } : {}),
    ...(matches.length > 0 ? { matches } : {}),
  };
  if (follow && !linesSet) lines = 10;
  return {
    filters,
    ...(lines !== undefined ? { lines } : {}),
    reverse,
    follow,
    output,
    ...(outputFields !== undefined ? { outputFields } : {}),
    all,
    quiet,
    utc,
    ...(v['field'] !== undefined ? { field: v['field'] } : {}),
    listBoots,
    ...(v['file'] !== undefined ? { file: v['file'] } : {}),
    ...(v['server'] !== undefined ? { server: v['server'] } : {}),
    ...(v['directory'] !== undefined ? { directory: v['directory'] } : {}),
    ...(v['database'] !== undefined ? { database: v['database'] } : {}),
    ...(v['token'] !== undefined ? { token: v['token'] } : {}),
    help,
  };
}
