/**
 * The playground facade: one call from a dialect's source text to Ignition
 * JSON and issues with line:column, the same for the page (bundled by Vite,
 * so browser-safe: no node:*) and for POST /api/v1/transpile.
 */
import { errorAt, Report } from '../core/index.js';
import { resultOf, isDialectId, type PlaygroundRequest, type PlaygroundResult } from './playground/dialect.js';
import { DIALECTS } from './playground/registry.js';

export { PLAYGROUND_ISSUE_CODES, type PlaygroundIssueCode } from './playground/codes.js';
export { DIALECTS } from './playground/registry.js';
export { keysAt, type KeyInfo, type KeyPath, type KeysAnswer } from './playground/keys.js';
export {
  DIALECT_IDS,
  isDialectId,
  resultOf,
  type Dialect,
  type DialectId,
  type Example,
  type PlaygroundRequest,
  type PlaygroundResult,
} from './playground/dialect.js';

/** `3.4` or `3.4.0` → the dialect's full target version, or undefined when it does not offer it. */
export function resolveTarget(dialect: string, target: string): string | undefined {
  if (!isDialectId(dialect)) return undefined;
  const full = /^\d+\.\d+$/.test(target) ? `${target}.0` : target;
  return DIALECTS[dialect].targets.includes(full) ? full : undefined;
}

/** Transpiles `source`; never throws for bad input (an unknown dialect or target is an issue too). */
export function transpile(req: PlaygroundRequest): PlaygroundResult {
  if (!isDialectId(req.dialect)) {
    return resultOf(undefined, Report.of(errorAt('PLAYGROUND_DIALECT_UNKNOWN', [], `unknown dialect "${req.dialect}" (known: ct, butane, ignition)`)));
  }
  const dialect = DIALECTS[req.dialect];
  if (!dialect.available) return dialect.run(req.source, undefined);
  let target: string | undefined;
  if (req.target !== undefined && req.target !== '') {
    target = resolveTarget(req.dialect, req.target);
    if (target === undefined) {
      const offered = dialect.targets.length === 0 ? 'none' : dialect.targets.join(', ');
      return resultOf(undefined, Report.of(errorAt('PLAYGROUND_TARGET_UNSUPPORTED', [], `${dialect.id} cannot emit Ignition ${req.target} (targets: ${offered})`)));
    }
  }
  return dialect.run(req.source, target, { rules: req.rules });
}
