/**
 * Ignition-level checks of the generated config, as Butane runs them
 * (config/util Translate): the variant's field filters, then Ignition's own
 * rules (duplicates included), each issue mapped back to the Butane path it
 * came from through the TranslationSet.
 */
import type { Issue, JsonPath } from '../../core/index.js';
import { schema as igSchema } from '../../ignition/index.js';
import type { TranslationSet } from '../translation-set.js';
import { pruneEmpty } from './marshal.js';
import { butaneIssue } from './messages.js';
import { snake } from './schema.js';
import type { ButaneSpec } from './spec.js';

/**
 * Butane's TranslateReportPaths: the exact translation of an output path,
 * else the path with camelCase segments turned snake_case (hoping the YAML
 * has the same shape); correlation then finds the deepest existing node.
 */
export function butanePath(ts: TranslationSet, to: JsonPath): JsonPath {
  return ts.get(to) ?? to.map((seg) => (typeof seg === 'string' ? snake(seg) : seg));
}

export function mapToButane(ts: TranslationSet, issue: Issue): Issue {
  const { range: _dropped, ...rest } = issue;
  return { ...rest, path: butanePath(ts, issue.path) };
}

function matches(pattern: readonly string[], path: JsonPath): boolean {
  return (
    pattern.length === path.length && pattern.every((p, i) => (p === '*' ? typeof path[i] === 'number' : p === path[i]))
  );
}

/** Paths of every non-empty value inside `v` placed at `at`, parents first. */
function paths(v: unknown, at: JsonPath, out: JsonPath[] = []): JsonPath[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

export function fieldFilterIssues(spec: ButaneSpec, config: unknown, ts: TranslationSet): Issue[] {
  if (spec.filters.length === 0) return [];
  const pruned = pruneEmpty(spec.ignition.schema, config);
  const out: Issue[] = [];
  for (const p of paths(pruned, [])) {
    for (const f of spec.filters)
      if (matches(f.path, p))
        out.push(butaneIssue.error('BUTANE_FIELD_UNSUPPORTED', butanePath(ts, p), { reason: f.reason }));
  }
  return out;
}

/** Ignition's rules on the output; issues carry Butane paths (no ranges yet). */
export function ignitionIssues(spec: ButaneSpec, config: unknown, ts: TranslationSet): Issue[] {
  // The pruned object as Ignition would read its JSON (an absent or undefined field holds its zero value): no text round trip.
  const decoded = igSchema.decode(spec.ignition.schema, pruneEmpty(spec.ignition.schema, config));
  const report = spec.ignition.validate(decoded.value);
  // Butane checks duplicates (ValidateDups) before the other rules.
  const dups = report.issues.filter((i) => i.code === 'IGN_DUPLICATE');
  const rest = report.issues.filter((i) => i.code !== 'IGN_DUPLICATE');
  return [...decoded.errors, ...dups, ...rest].map((i) => mapToButane(ts, i));
}
