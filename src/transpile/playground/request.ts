/**
 * POST /api/v1/transpile's work as one pure function of the request body's
 * text: parse the JSON, check its shape, transpile, serialise the answer. The
 * server runs it in a worker thread (src/adapters/node/transpile-worker.ts), so
 * everything that costs CPU in proportion to the body happens off the event loop.
 */
import { AppError } from '../../core/index.js';
import { TRANSLATION_RULES, type TranslationRules } from '../../ignition/index.js';
import { DIALECT_IDS, isDialectId, type PlaygroundRequest } from './dialect.js';
import { transpile, resolveTarget } from './transpile.js';

/** The answer of one request: the JSON body of a 200, or a USAGE failure (400). */
export type TranspileJobResult =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly code: 'USAGE'; readonly message: string };

/**
 * Checks a parsed request body's shape, once for the HTTP pipeline (the dialect
 * known, the target one it offers, `3.4` read as `3.4.0`); a malformed request
 * is USAGE (400), an input problem is an issue (200).
 */
export function readTranspileRequest(body: unknown): PlaygroundRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('USAGE', 'the body must be a JSON object {dialect, target?, source}');
  }
  const { dialect, target, source, rules } = body as Record<string, unknown>;
  if (!isDialectId(dialect)) {
    throw new AppError('USAGE', `unknown dialect ${JSON.stringify(dialect)}: one of ${DIALECT_IDS.join(', ')}`);
  }
  if (typeof source !== 'string') throw new AppError('USAGE', 'source must be a string');
  if (rules !== undefined && rules !== null && !(TRANSLATION_RULES as readonly unknown[]).includes(rules)) {
    throw new AppError('USAGE', `unknown rules ${JSON.stringify(rules)}: one of ${TRANSLATION_RULES.join(', ')}`);
  }
  const withRules = rules === undefined || rules === null ? {} : { rules: rules as TranslationRules };
  if (target === undefined || target === null || target === '') return { dialect, source, ...withRules };
  const full = typeof target === 'string' ? resolveTarget(dialect, target) : undefined;
  if (full === undefined)
    throw new AppError('USAGE', `${dialect} cannot emit Ignition ${JSON.stringify(target)} as a target`);
  return { dialect, target: full, source, ...withRules };
}

/** The whole request: body text → `{output, issues}` as JSON text, or why the request is malformed. */
export function runTranspileJob(bodyText: string): TranspileJobResult {
  if (bodyText.trim() === '')
    return { ok: false, code: 'USAGE', message: 'the body is empty; send a JSON object {dialect, target?, source}' };
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (err) {
    return {
      ok: false,
      code: 'USAGE',
      message: `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  let request: PlaygroundRequest;
  try {
    request = readTranspileRequest(body);
  } catch (err) {
    if (err instanceof AppError && err.code === 'USAGE') return { ok: false, code: 'USAGE', message: err.message };
    throw err;
  }
  return { ok: true, json: JSON.stringify(transpile(request)) };
}
