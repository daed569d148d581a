/**
 * `--rules flatcar|coreos`: which real 2.x → 3.x translator Hull reproduces for a spec 2.x
 * config (docs/ignition.md, "Rule sets"). Shared by `hull ignition translate|validate` and
 * `hull provision`.
 */
import { Option } from 'commander';
import { AppError } from '../core/index.js';
import { TRANSLATION_RULES, type TranslationRules } from '../ignition/index.js';

export const RULES_HELP =
  "for spec 1 and 2.x configs: the translator to reproduce, 'flatcar' (flatcar/ign-converter, as Flatcar boots them) or 'coreos' (coreos/ign-converter)";

/** The option, with default `flatcar` unless `withDefault` is false (then absent means "not asked for"). */
export function rulesOption(withDefault = true): Option {
  const o = new Option('--rules <rules>', RULES_HELP);
  return withDefault ? o.default('flatcar') : o;
}

/** The option's value, or USAGE. */
export function parseRules(value: string | undefined): TranslationRules | undefined {
  if (value === undefined) return undefined;
  if ((TRANSLATION_RULES as readonly string[]).includes(value)) return value as TranslationRules;
  throw new AppError('USAGE', `--rules: unknown rule set '${value}' (${TRANSLATION_RULES.join(' or ')})`);
}
