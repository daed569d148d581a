/**
 * `-u UNIT`: journalctl 252's unit rules. The name is mangled as
 * unit_name_mangle does with globs allowed (`foo` → `foo.service`, `/home` →
 * `home.mount`, `/dev/sda` → `dev-sda.device`, a glob such as `ssh*` kept);
 * a glob is expanded over the unit names the journal holds (the values of
 * _SYSTEMD_UNIT, COREDUMP_UNIT, UNIT, OBJECT_SYSTEMD_UNIT, _SYSTEMD_SLICE),
 * fnmatch without escapes; each unit then selects, as add_matches_for_unit:
 * its own messages (`_SYSTEMD_UNIT=u`), its coredumps (`MESSAGE_ID=` of
 * systemd-coredump, `_UID=0`, `COREDUMP_UNIT=u`), PID 1's messages about it
 * (`_PID=1`, `UNIT=u`), authorized daemons' messages about it (`_UID=0`,
 * `OBJECT_SYSTEMD_UNIT=u`), and for a slice `_SYSTEMD_SLICE=u`.
 */
import { bytesOf } from './entry.js';
import type { MatchExpr } from './query.js';

export const UNIT_FIELDS = ['_SYSTEMD_UNIT', 'COREDUMP_UNIT', 'UNIT', 'OBJECT_SYSTEMD_UNIT', '_SYSTEMD_SLICE'] as const;
export const COREDUMP_MESSAGE_ID = 'fc2e22bc6ee647b6b90729ab34a250b1';

const UNIT_TYPES = [
  'service',
  'mount',
  'swap',
  'socket',
  'target',
  'device',
  'automount',
  'timer',
  'path',
  'slice',
  'scope',
];
const VALID = /^[A-Za-z0-9:_.\\-]+$/;
const VALID_WITH_AT = /^[A-Za-z0-9:_.\\@-]$/;
const GLOB_CHARS = /^[A-Za-z0-9:_.\\@[\]!*?-]+$/;

export const isGlob = (s: string): boolean => /[*?[]/.test(s);

function unitType(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const t = name.slice(dot + 1);
  return UNIT_TYPES.includes(t) ? t : undefined;
}

/** unit_name_is_valid for plain, template and instance names. */
export function isValidUnitName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const t = unitType(name);
  if (t === undefined) return false;
  const prefix = name.slice(0, name.length - t.length - 1);
  const at = prefix.indexOf('@');
  if (at < 0) return prefix.length > 0 && VALID.test(prefix);
  if (at === 0 || prefix.indexOf('@', at + 1) >= 0) return false;
  const instance = prefix.slice(at + 1);
  return VALID.test(prefix.slice(0, at)) && (instance === '' || VALID.test(instance));
}

function escapeChar(c: string): string {
  return [...new TextEncoder().encode(c)].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('');
}

/** unit_name_from_path: `/dev/sda` → `dev-sda`, `/` → `-`. */
function pathToUnit(path: string, suffix: string): string {
  const simplified = path
    .replace(/\/+/g, '/')
    .replace(/\/\.(?=\/|$)/g, '')
    .replace(/(.)\/$/, '$1');
  if (simplified === '/') return '-' + suffix;
  const body = simplified
    .replace(/^\//, '')
    .split('')
    .map((c, i) => (c === '/' ? '-' : /[A-Za-z0-9:_]/.test(c) || (c === '.' && i > 0) ? c : escapeChar(c)))
    .join('');
  return body + suffix;
}

/** unit_name_mangle with UNIT_NAME_MANGLE_GLOB and the `.service` suffix. */
export function mangleUnitName(name: string): string {
  if (isValidUnitName(name)) return name;
  if (isGlob(name) && GLOB_CHARS.test(name)) return name;
  if (name.startsWith('/')) return pathToUnit(name, name.startsWith('/dev/') || name === '/dev' ? '.device' : '.mount');
  let s = '';
  for (const c of name)
    s += c === '/' ? '-' : VALID_WITH_AT.test(c) || (isGlob(name) && /[[\]!*?]/.test(c)) ? c : escapeChar(c);
  if (!(isGlob(s) && GLOB_CHARS.test(s)) && unitType(s) === undefined) s += '.service';
  return s;
}

/** fnmatch(pattern, s, FNM_NOESCAPE) as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) re += '\\[';
      else {
        let body = pattern.slice(i + 1, j);
        const neg = body.startsWith('!') || body.startsWith('^');
        if (neg) body = body.slice(1);
        re += `[${neg ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/^\]/, '\\]')}]`;
        i = j;
      }
    } else re += c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
const and = (...of: MatchExpr[]): MatchExpr => ({ kind: 'and', of });

/** The terms add_matches_for_unit adds for one unit, ORed. */
export function unitMatches(unit: string): MatchExpr[] {
  const terms: MatchExpr[] = [
    f('_SYSTEMD_UNIT', unit),
    and(f('MESSAGE_ID', COREDUMP_MESSAGE_ID), f('_UID', '0'), f('COREDUMP_UNIT', unit)),
    and(f('_PID', '1'), f('UNIT', unit)),
    and(f('_UID', '0'), f('OBJECT_SYSTEMD_UNIT', unit)),
  ];
  if (unit.endsWith('.slice')) terms.push(f('_SYSTEMD_SLICE', unit));
  return terms;
}
