import { pushAll, Report, type Issue } from '../../core/index.js';
import { TranslationSet } from '../translation-set.js';
import { correlateVisible } from './correlate-visible.js';
import type { DecodedSource } from './decode-source.js';
import { translateDown } from './down-translate.js';
import { embeddedCheck } from './embedded-config.js';
import { fcosConfigRules, fcosSugarRules, partitionWarnings, processGrub } from './fcos.js';
import { processBootDevice } from './boot-device.js';
import { fieldFilterIssues, ignitionIssues, mapToButane } from './ignition-check.js';
import { marshalButane, pruneEmpty } from './marshal.js';
import { butaneMessage } from './messages.js';
import { addMountUnits } from './mount-units.js';
import type { ButaneOptions, ButaneFailure, ButaneResult } from './result.js';
import { processQuadlets } from './quadlets.js';
import { translateValue } from './translate.js';
import { processTrees } from './trees.js';
import { validateSource } from './validate-source.js';

/** What the stages share: the issues so far, the config being built and where its places came from. */
interface Run {
  readonly src: DecodedSource;
  readonly options: ButaneOptions;
  readonly issues: Issue[];
  config: Record<string, unknown>;
  ts: TranslationSet;
}

/** A stage, and how the run fails when the issues hold an error after it. */
interface Stage {
  readonly run: (r: Run) => void;
  readonly failure: ButaneFailure;
  /** The failure result carries the translations (the generated config exists). */
  readonly withTranslations?: boolean;
}

const SOURCE_INVALID: ButaneFailure = {
  code: 'BUTANE_SOURCE_INVALID',
  reason: butaneMessage('BUTANE_SOURCE_INVALID', { reason: 'invalid' }),
};

/** Butane-level rules. */
const sourceRules = ({ src, issues }: Run): void => {
  pushAll(issues, fcosConfigRules(src.spec, src.value));
  pushAll(issues, validateSource(src.schema, src.value, embeddedCheck(src.spec)));
  pushAll(issues, fcosSugarRules(src.spec, src.value));
};

/** Translation to the Ignition struct, with the sugar (mount units, trees, quadlets). */
const translate = (r: Run): void => {
  const { src, issues } = r;
  const { spec, value, index } = src;
  const ports = r.options.ports ?? {};
  const sugarIssues: Issue[] = [];
  const ctx = { ports, ts: r.ts, issues: sugarIssues, legacy: !spec.sugar.local };
  const config = translateValue(spec.ignition.schema, value, [], [], ctx) as Record<string, unknown>;
  config.ignition = { ...((config.ignition as object | undefined) ?? {}), version: spec.outputVersion };
  r.ts.add(['version'], ['ignition', 'version']);
  // Butane maps $.ignition from $.ignition even when the YAML has none; Hull points at version then.
  r.ts.add(index.has(['ignition']) ? ['ignition'] : ['version'], ['ignition']);
  r.ts = addMountUnits(value, config, r.ts);
  processTrees(value, config, r.ts, ports, sugarIssues);
  if (spec.sugar.quadlets) processQuadlets(value, config, r.ts, ports, sugarIssues);
  pushAll(issues, sugarIssues);
  r.config = config;
};

/** fcos: boot_device, the partition warnings, grub. */
const fcosSugar = (r: Run): void => {
  const { spec, value } = r.src;
  if (spec.variant !== 'fcos') return;
  ({ config: r.config, ts: r.ts } = processBootDevice(spec, value, r.config, r.ts));
  pushAll(
    r.issues,
    partitionWarnings(spec, r.config).map((i) => mapToButane(r.ts, i)),
  );
  ({ config: r.config, ts: r.ts } = processGrub(value, r.config, r.ts, r.options.ports ?? {}));
};

const STAGES: readonly Stage[] = [
  { run: sourceRules, failure: SOURCE_INVALID },
  { run: translate, failure: SOURCE_INVALID },
  { run: fcosSugar, failure: SOURCE_INVALID },
  { run: (r) => pushAll(r.issues, fieldFilterIssues(r.src.spec, r.config, r.ts)), failure: SOURCE_INVALID },
  {
    run: (r) => pushAll(r.issues, ignitionIssues(r.src.spec, r.config, r.ts)),
    failure: { code: 'BUTANE_GENERATED_INVALID', reason: butaneMessage('BUTANE_GENERATED_INVALID') },
    withTranslations: true,
  },
];

function result(r: Run, failure: ButaneFailure | undefined, extra: Partial<ButaneResult> = {}): ButaneResult {
  return {
    output: undefined,
    config: undefined,
    failure,
    translations: undefined,
    spec: r.src.spec,
    index: r.src.index,
    ...extra,
    report: correlateVisible(new Report(r.issues), r.src.index),
  };
}

/** The failed result when the issues so far hold an error, else undefined (Butane stops after each stage). */
function stopIfFatal(r: Run, stage: Stage): ButaneResult | undefined {
  if (!r.issues.some((i) => i.severity === 'error')) return undefined;
  return result(r, stage.failure, stage.withTranslations === true ? { translations: r.ts } : {});
}

/**
 * Butane's second step: its rules, the translation with sugar, field
 * filters, Ignition's rules mapped back to the YAML, then (beyond Butane)
 * the down-translation and the JSON.
 */
export function translateAndCheck(src: DecodedSource, options: ButaneOptions): ButaneResult {
  const r: Run = { src, options, issues: [...src.unused], config: {}, ts: new TranslationSet() };
  for (const stage of STAGES) {
    stage.run(r);
    const stop = stopIfFatal(r, stage);
    if (stop !== undefined) return stop;
  }
  const { spec } = src;
  let outSchema = spec.ignition.schema;
  let outConfig: unknown = r.config;
  if (options.ignitionVersion !== undefined && options.ignitionVersion !== spec.outputVersion) {
    const down = translateDown(spec, r.config, options.ignitionVersion, r.ts);
    if (down.issues.length > 0) {
      pushAll(r.issues, down.issues);
      return result(
        r,
        {
          code: 'BUTANE_SOURCE_INVALID',
          reason: butaneMessage('BUTANE_SOURCE_INVALID', { reason: 'target', target: options.ignitionVersion }),
        },
        { translations: r.ts },
      );
    }
    outSchema = down.schema!;
    outConfig = down.config;
  }
  const output = marshalButane(outSchema, outConfig, options.pretty === true);
  return result(r, undefined, { output, config: pruneEmpty(outSchema, outConfig), translations: r.ts });
}
