/**
 * Any config → Ignition: the one place where a config's dialect is told from
 * its content (or forced) and a Butane config or Container Linux Config is
 * turned into Ignition JSON, every issue at the source's line:column. Used by
 * `hull provision`, `hull ignition validate` and `hull transpile`. Pure: files
 * directories and gzip come in as ports.
 */
import { errorAt, Report, type Issue } from '../core/index.js';
import { marshalConfig, v2_3 } from '../ignition/index.js';
import { decodeJsonBytes } from '../source/index.js';
import { correlateVisible, mapToButane, transpileButane, type ButanePorts, type ButaneResult } from './butane/index.js';
import type { LocalReader } from './ct/convert/index.js';
import { placeCtIssue, transpileCt } from './ct/transpile.js';

export const CONFIG_DIALECTS = ['ignition', 'butane', 'clc'] as const;
export type ConfigDialect = (typeof CONFIG_DIALECTS)[number];
export const isConfigDialect = (s: unknown): s is ConfigDialect =>
  typeof s === 'string' && (CONFIG_DIALECTS as readonly string[]).includes(s);

/**
 * The dialect of a config from its text: a top-level `variant` key → Butane;
 * a YAML document with one of the Container Linux Config's top-level keys
 * (`storage:`, `systemd:`, `passwd:`…) → CLC; anything else → Ignition: JSON
 * (a document starting with `{` or `[`), nothing at all, text with control
 * characters YAML refuses, and YAML that is neither — so a broken or
 * version-less JSON config, or some other file, is reported as
 * ignition-validate reports it.
 */
export function detectDialect(text: string): ConfigDialect {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  // Nothing, or bytes no YAML document has (NUL and other C0 controls): reported as Ignition's JSON error.
  if (head === '' || /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(head.slice(0, 4096))) return 'ignition';
  if (head.startsWith('[')) return 'ignition';
  if (head.startsWith('{')) {
    // Parsed only when a "variant" key may be there: JSON Ignition is not read twice.
    if (!head.includes('"variant"')) return 'ignition';
    try {
      const v: unknown = JSON.parse(head);
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, 'variant')) return 'butane';
    } catch {
      // not JSON after all: reported as Ignition's syntax error
    }
    return 'ignition';
  }
  return yamlDialect(head);
}

/** The Container Linux Config's top-level keys (ct 0.9.4's Config struct). */
const CLC_KEYS = new Set([
  'ignition',
  'storage',
  'systemd',
  'networkd',
  'passwd',
  'etcd',
  'flannel',
  'update',
  'docker',
  'locksmith',
]);

/** From the keys at column 0 of the first YAML document (plain or quoted): `variant` → Butane, a CLC key → CLC. */
function yamlDialect(text: string): ConfigDialect {
  let started = false;
  let clc = false;
  for (const line of text.split(/\r?\n/, 10_000)) {
    if (/^---(?:[ \t]|$)/.test(line)) {
      if (started) break;
      started = true;
      continue;
    }
    // An end marker before any content is go-yaml's error, reported by the transpiler the keys after it name.
    if (/^\.\.\.(?:[ \t]|$)/.test(line)) {
      if (started) break;
      continue;
    }
    const key = /^(?:([A-Za-z_]+)|"([A-Za-z_]+)"|'([A-Za-z_]+)')[ \t]*:(?:[ \t]|$)/.exec(line);
    const name = key === null ? undefined : (key[1] ?? key[2] ?? key[3]);
    if (name === 'variant') return 'butane';
    if (name !== undefined && CLC_KEYS.has(name)) clc = true;
    if (line !== '' && !line.startsWith('#') && !line.startsWith('%')) started = true;
  }
  return clc ? 'clc' : 'ignition';
}

export interface AnyConfigOptions {
  /** Forced dialect; absent: `detectDialect`. */
  readonly dialect?: ConfigDialect | undefined;
  /** Indent the Ignition JSON (YAML dialects). */
  readonly pretty?: boolean;
  /** A Container Linux Config's `contents.local` (ct's -files-dir); absent: refused as ct refuses it. */
  readonly readLocal?: LocalReader | undefined;
  /** Butane's files directory and gzip. */
  readonly butanePorts?: ButanePorts;
}

export interface AnyConfigResult {
  readonly dialect: ConfigDialect;
  /**
   * The Ignition JSON: the input itself for Ignition (decoded as Go's
   * encoding/json reads bytes; not validated here), the translated config for
   * Butane and CLC — undefined when the YAML has an error.
   */
  readonly ignition: string | undefined;
  /** The transpiler's issues (its own and Ignition's rules on its output) at the YAML's line:column; empty for Ignition. */
  readonly report: Report;
  /**
   * Places a later report about `ignition` (issues at Ignition JSON paths,
   * such as the provisioning engine's) in the source: YAML paths and
   * line:column; issues the transpiler already reported are left out. The
   * identity for Ignition.
   */
  readonly mapBack: (report: Report) => Report;
}

/** Never throws for bad input. */
export function configToIgnition(bytes: Uint8Array | string, opts: AnyConfigOptions = {}): AnyConfigResult {
  const text = typeof bytes === 'string' ? bytes : decodeJsonBytes(bytes);
  const dialect = opts.dialect ?? detectDialect(text);
  if (dialect === 'ignition') return { dialect, ignition: text, report: Report.empty, mapBack: (r) => r };
  if (dialect === 'clc') {
    const r = transpileCt(bytes, opts.readLocal === undefined ? {} : { readLocal: opts.readLocal });
    const report = r.parseReport.merge(r.convertReport);
    const ignition =
      r.config === undefined || report.isFatal()
        ? undefined
        : marshalConfig(v2_3.schema, r.config, { pretty: opts.pretty === true });
    return {
      dialect,
      ignition,
      report,
      mapBack: (later) =>
        fresh(
          report,
          later.map((i) => placeCtIssue(unplaced(i), r.index)),
        ),
    };
  }
  const r = transpileButane(bytes, {
    pretty: opts.pretty === true,
    ...(opts.butanePorts === undefined ? {} : { ports: opts.butanePorts }),
  });
  const report = butaneReport(r);
  const ts = r.translations;
  const mapBack = (later: Report): Report =>
    fresh(
      report,
      correlateVisible(
        later.map((i) => (ts === undefined ? unplaced(i) : mapToButane(ts, i))),
        r.index,
      ),
    );
  return { dialect, ignition: report.isFatal() ? undefined : r.output, report, mapBack };
}

/** Butane's report with its failure as an issue when no issue says why (a YAML syntax error, a bad version…). */
export function butaneReport(r: ButaneResult): Report {
  if (r.failure === undefined || r.report.isFatal()) return r.report;
  return r.report.merge(Report.of(errorAt(r.failure.code, [], r.failure.reason, r.failure.range)));
}

/** An issue without its place in the Ignition JSON (to be placed in the YAML). */
function unplaced(issue: Issue): Issue {
  const { range: _json, ...rest } = issue;
  return rest;
}

/** `later`'s issues not already in `known` (same code, message and place). */
function fresh(known: Report, later: Report): Report {
  const key = (i: Issue): string =>
    `${i.code}\u0000${i.message}\u0000${i.range?.start.offset ?? JSON.stringify(i.path)}`;
  const seen = new Set(known.issues.map(key));
  return new Report(later.issues.filter((i) => !seen.has(key(i))));
}
