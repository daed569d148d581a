import type { Issue, JsonPath } from '../../../core/index.js';
import { type Semver, semverString } from '../../../go/index.js';
import type { TranslationSet } from '../../translation-set.js';
import type { Clc } from '../decode.js';
import type { OptionDef } from '../option-sets.js';
import { assembleUnit, cliArgs, unitText } from '../unit-text.js';

/** How `contents.local` is read: the CLI gives a reader bound to -files-dir. */
export type LocalReader = (
  relPath: string,
) => { ok: true; data: Uint8Array } | { ok: false; error: string; code?: 'CT_LOCAL_ESCAPES' };

export interface ConvertOptions {
  readonly platform: string;
  readonly readLocal?: LocalReader | undefined;
}

export type Obj = Record<string, unknown>;

/** The Ignition 2.3.0 output the converters fill, section by section. */
export type CtOutput = {
  readonly ignition: { config: Obj; security: { tls: Obj }; timeouts: Obj; version: string };
  readonly networkd: Obj;
  readonly passwd: Obj;
  readonly storage: Obj;
  readonly systemd: Obj;
};

/**
 * What every section converter shares: the output being built, the units and
 * files several sections append to, the translations, the issues, and the
 * templating failures (one makes ct drop the output built so far and go on).
 */
export interface ConvertContext {
  readonly cfg: Clc;
  readonly opts: ConvertOptions;
  readonly out: CtOutput;
  readonly ts: TranslationSet;
  readonly issues: Issue[];
  readonly failures: string[];
  readonly units: Obj[];
  readonly files: Obj[];
}

/** Every place inside `value` (placed at `to`) came from `from`. */
export function putFrom(ctx: ConvertContext, from: JsonPath, to: JsonPath, value: unknown): void {
  ctx.ts.addFromCommonSource(from, to, value);
}

/** ct's verification: `{hash: "function-sum"}`, or `{}` when either is empty. */
export function verification(v: Clc): Obj {
  const h = v['hash'] as Clc;
  if (h['function'] === '' || h['sum'] === '') return {};
  return { hash: `${h['function'] as string}-${h['sum'] as string}` };
}

/** The drop-in text of a wrapped daemon (etcd, flannel), or ct's templating error. */
export function daemonDropin(
  d: Clc,
  tagVar: string,
  exec: string,
  platform: string,
  extra: string[],
): { text: string } | { error: string } {
  const args = cliArgs(d['defs'] as OptionDef[], d['options'] as Record<string, unknown>);
  const v = d['version'] as Semver | undefined;
  const vars = v === undefined ? [] : [`${tagVar}=v${semverString(v)}`];
  const r = assembleUnit(exec, args, vars, platform, extra);
  if ('error' in r) return r;
  return { text: unitText(r.unit, r.service) };
}
