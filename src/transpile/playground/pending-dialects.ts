/**
 * Registry slot for the dialect whose transpiler is written on another
 * branch (src/transpile/ct). Until they are wired in,
 * `run` answers one PLAYGROUND_DIALECT_UNAVAILABLE issue.
 *
 * TO WIRE ONE (after the merge): set `available: true`, the `targets` it can
 * emit, and a `run` that calls the transpiler and returns
 * `resultOf(outputJson, correlatedReport)` (dialect.ts), e.g.
 *   run: (source, target) => { const r = transpileCt(source, { target }); return resultOf(r.output, r.report); }
 * then flip the dialect's rows in src/transpile/playground.test.ts,
 * test/http/transpile.test.ts and test/browser/playground.test.ts.
 */
import { errorAt, Report } from '../../core/index.js';
import { CT_EXAMPLES } from './examples.js';
import { resultOf, type Dialect, type DialectId, type PlaygroundResult } from './dialect.js';

const unavailable = (id: DialectId, what: string) => (): PlaygroundResult =>
  resultOf(undefined, Report.of(errorAt('PLAYGROUND_DIALECT_UNAVAILABLE', [], `the ${what} transpiler (${id}) is not part of this build of Hull yet`)));

// SLOT: ct — Container Linux Config (ct 0.9.4 behaviour); emits Ignition 2.3.0, 3.x through translation.
export const CT_DIALECT: Dialect = {
  id: 'ct',
  label: 'Container Linux Config (ct)',
  note: 'The YAML that ct 0.9.4 reads; it emits Ignition 2.3.0, or a 3.x version you pick.',
  language: 'yaml',
  available: false,
  targets: [],
  defaultTargetLabel: 'Ignition 2.3.0 (as ct)',
  examples: CT_EXAMPLES,
  run: unavailable('ct', 'Container Linux Config'),
};
