/**
 * Registry slots for the dialects whose transpilers are written on other
 * branches (src/transpile/ct, src/transpile/butane). Until they are wired in,
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
import { BUTANE_EXAMPLES, CT_EXAMPLES } from './examples.js';
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

// SLOT: butane — variants fcos 1.0.0–1.6.0, 1.7.0-experimental and flatcar 1.0.0–1.1.0, 1.2.0-experimental,
// read from the source's own `variant:` and `version:`.
export const BUTANE_DIALECT: Dialect = {
  id: 'butane',
  label: 'Butane (fcos 1.0–1.7-exp, flatcar 1.0–1.2-exp)',
  note: 'The variant and version come from the config itself (variant: fcos | flatcar, version: 1.x.0); each version emits its Ignition version.',
  language: 'yaml',
  available: false,
  targets: [],
  defaultTargetLabel: 'the Ignition version of its Butane version',
  examples: BUTANE_EXAMPLES,
  sourceVersions: [
    ...['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0', '1.5.0', '1.6.0', '1.7.0-experimental'].map((version) => ({ variant: 'fcos', version })),
    ...['1.0.0', '1.1.0', '1.2.0-experimental'].map((version) => ({ variant: 'flatcar', version })),
  ],
  run: unavailable('butane', 'Butane'),
};
