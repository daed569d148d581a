import { butaneReport } from '../any-config.js';
import { TRANSLATE_VERSIONS } from '../../ignition/index.js';
import { BUTANE_SPECS, transpileButane } from '../butane/index.js';
import { goGzip } from '../go-gzip/index.js';
import { resultOf, type Dialect, type PlaygroundResult } from './dialect.js';
import { BUTANE_EXAMPLES } from './examples.js';

/**
 * Butane, every variant/version of src/transpile/butane (read from the
 * source's own `variant:` and `version:`). In the page there is no files
 * directory (`local` sources are refused as Butane refuses them without -d);
 * payloads are gzip-compressed where butane would, with Go's bytes, so the
 * output equals `butane -p`'s.
 * A target (3.0.0 to 3.6.0) writes that older spec (`--ignition-version`).
 */
function runButane(source: string, target: string | undefined): PlaygroundResult {
  const r = transpileButane(source, {
    pretty: true,
    ports: { gzip: goGzip },
    ...(target === undefined ? {} : { ignitionVersion: target }),
  });
  return resultOf(r.output === undefined ? undefined : `${r.output}\n`, butaneReport(r));
}

export const BUTANE_DIALECT: Dialect = {
  id: 'butane',
  label: 'Butane (fcos 1.0–1.8-exp, flatcar 1.0–1.2-exp)',
  note: 'The variant and version come from the config itself (variant: fcos | flatcar, version: 1.x.0); each version emits its Ignition version, or an older 3.x you pick.',
  language: 'yaml',
  targets: TRANSLATE_VERSIONS,
  defaultTargetLabel: 'the Ignition version of its Butane version',
  examples: BUTANE_EXAMPLES,
  sourceVersions: BUTANE_SPECS.map((s) => ({ variant: s.variant, version: s.version })),
  run: runButane,
};
