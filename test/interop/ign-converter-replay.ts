/**
 * Replays one corpus case through Hull and compares it with the recording of
 * the real translator its rule set reproduces: verdict, refusal class, output
 * as parsed JSON and as bytes. Used by ign-converter-replay.test.ts.
 */
import {
  findSpecVersion,
  marshalConverterOutput,
  parseFsMap,
  translateConfigText,
  type TranslationRules,
} from '../../src/ignition/index.js';
import type { Recorded } from './ign-converter-corpus.js';

export interface HullOutcome {
  readonly verdict: 'ok' | 'refused';
  readonly class?: string;
  readonly output?: string;
  readonly codes: readonly string[];
}

const CLASS_OF: Record<string, string> = {
  IGN_TRANSLATE_INPUT_INVALID: 'input-invalid',
  IGN_TRANSLATE_NETWORKD: 'networkd',
  IGN_TRANSLATE_FILESYSTEM_UNMAPPED: 'filesystem-unmapped',
  IGN_TRANSLATE_CREATE_NOT_FORCED: 'create-not-forced',
  IGN_TRANSLATE_CONFLICTING_INODES: 'conflicting-inodes',
  IGN_TRANSLATE_USES_OWN_LINK: 'uses-own-link',
  IGN_TRANSLATE_DUPLICATE_UNIT: 'duplicate-unit',
  IGN_TRANSLATE_DUPLICATE_DROPIN: 'duplicate-dropin',
  IGN_TRANSLATE_RESULT_INVALID: 'result-invalid',
  IGN_TRANSLATE_FIELD_UNSUPPORTED: 'result-invalid',
  IGN_TRANSLATE_FSMAP_INVALID: 'fsmap',
};

/** Hull's translation of a case under a rule set, with the refusal class of its first error. */
export function runHull(
  input: string,
  fsmap: string | undefined,
  target: string,
  rules: TranslationRules,
): HullOutcome {
  let fsMap: Record<string, string> | undefined;
  if (fsmap !== undefined) {
    const m = parseFsMap(fsmap);
    if (m.map === undefined) return { verdict: 'refused', class: 'fsmap', codes: m.report.issues.map((i) => i.code) };
    fsMap = m.map;
  }
  const to = `${target}.0` as Parameters<typeof translateConfigText>[1];
  const r = translateConfigText(input, to, { ...(fsMap === undefined ? {} : { fsMap }), rules });
  const errors = r.report.issues.filter((i) => i.severity === 'error');
  if (r.config === undefined || errors.length > 0) {
    const first = errors[0]?.code ?? 'NONE';
    return { verdict: 'refused', class: CLASS_OF[first] ?? 'parse', codes: errors.map((i) => i.code) };
  }
  return { verdict: 'ok', output: marshalConverterOutput(findSpecVersion(to)!.schema, r.config), codes: [] };
}

/** The fork emits units in Go map order (random from run to run): compared in name order. */
function unitsSorted(text: string): string {
  const cfg = JSON.parse(text) as { systemd?: { units?: { name: string }[] } };
  cfg.systemd?.units?.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(cfg);
}

/** Why Hull's outcome differs from a recording, or undefined when it agrees. */
export function disagreement(hull: HullOutcome, rec: Recorded, unordered: boolean): string | undefined {
  const want = rec.verdict === 'ok' ? 'ok' : 'refused';
  if (hull.verdict !== want)
    return `verdict ${hull.verdict} (${hull.codes.join(',')}), recorded ${rec.verdict} ${rec.class ?? ''} ${rec.error?.slice(0, 200) ?? ''}`;
  if (want === 'refused')
    return hull.class === rec.class
      ? undefined
      : `class ${hull.class} (${hull.codes.join(',')}), recorded ${rec.class}: ${rec.error?.slice(0, 200)}`;
  const a = unordered ? unitsSorted(hull.output!) : hull.output!;
  const b = unordered ? unitsSorted(rec.output!) : rec.output!;
  if (JSON.stringify(JSON.parse(a)) !== JSON.stringify(JSON.parse(b)))
    return `output differs:\n  hull ${hull.output}  real ${rec.output}`;
  // Bytes: the printed form itself (unit order aside for the fork).
  if (!unordered && hull.output !== rec.output)
    return `bytes differ:\n  hull ${JSON.stringify(hull.output)}\n  real ${JSON.stringify(rec.output)}`;
  return undefined;
}
