import { Report } from '../core/index.js';

/** What Debian's ignition-validate would print for a report. */
export interface IgnitionValidateView {
  /** The entries for standard output, in ignition-validate's shapes. */
  readonly report: Report;
  /** `couldn't parse config: …` for standard error, when the config is refused before validation. */
  readonly parseError?: string;
}

/** Refusals that ignition-validate prints as "couldn't parse config" on stderr, with no position. */
const PARSE_REFUSALS = new Set(['IGN_VERSION_INVALID', 'IGN_VERSION_UNSUPPORTED']);
/** Errors from Go's JSON decoder: ignition-validate prints them with a position but no path. */
const DECODER_ERRORS = new Set(['IGN_TYPE_MISMATCH', 'SRC_JSON_SYNTAX']);

/**
 * Shapes Hull's report as ignition-validate reports the same problems, for
 * `hull ignition validate`'s text output (`-o json` keeps the full report):
 * a version it cannot use is a one-line refusal on stderr and nothing else;
 * syntax and type errors carry line:col but no JSON path, and only the first
 * of them is printed, as Go's decoder returns only that one. The verdict (exit
 * code) is the full report's.
 */
export function ignitionValidateView(report: Report): IgnitionValidateView {
  const refusal = report.issues.find((i) => i.severity === 'error' && PARSE_REFUSALS.has(i.code));
  if (refusal !== undefined) {
    return { report: Report.empty, parseError: `couldn't parse config: ${refusal.message}` };
  }
  // Go's encoding/json decodes the whole document but returns only the first
  // type error (in document order), and Ignition stops there: one line.
  const decoder = report.issues.filter((i) => DECODER_ERRORS.has(i.code));
  if (decoder.length > 0) {
    const first = decoder.reduce((a, b) =>
      (b.range?.start.offset ?? Infinity) < (a.range?.start.offset ?? Infinity) ? b : a,
    );
    return { report: Report.of({ ...first, path: [] }) };
  }
  return { report };
}
