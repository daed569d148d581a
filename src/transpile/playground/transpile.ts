/**
 * The playground's one entry point: a dialect's source text to Ignition JSON
 * and issues with line:column, the same for the page (bundled by Vite, so
 * browser-safe: no node:*) and for POST /api/v1/transpile. The caller has
 * checked the request once — `readTranspileRequest` for HTTP (400 USAGE),
 * the pickers in the page — so nothing here refuses a dialect or target.
 */
import type { PlaygroundRequest, PlaygroundResult } from './dialect.js';
import { DIALECTS } from './registry.js';

/** `3.4` or `3.4.0` → the dialect's full target version, or undefined when it does not offer it. */
export function resolveTarget(dialect: keyof typeof DIALECTS, target: string): string | undefined {
  const full = /^\d+\.\d+$/.test(target) ? `${target}.0` : target;
  return DIALECTS[dialect].targets.includes(full) ? full : undefined;
}

/** Transpiles `req.source`; never throws for bad input (its problems are issues). */
export function transpile(req: PlaygroundRequest): PlaygroundResult {
  return DIALECTS[req.dialect].run(req.source, req.target, { rules: req.rules });
}
