import { ExitCode, type AppError } from '../core/index.js';
import type { OutputFormat } from './context.js';

/**
 * How a failure reaches the user: one line `hull: error CODE: message`, or a JSON
 * object with -o json. Never a stack trace, except for INTERNAL errors when
 * HULL_DEBUG is set, since those are bugs worth reporting.
 */
export function renderAppError(
  err: AppError,
  output: OutputFormat,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (output === 'json') {
    return `${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`;
  }
  let text = `hull: error ${err.code}: ${err.message}\n`;
  if (err.exitCode === ExitCode.USAGE) text += "hull: run 'hull --help' for usage\n";
  if (err.code === 'INTERNAL') {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    text += env['HULL_DEBUG'] && cause?.stack ? `${cause.stack}\n` : 'hull: this is a bug in Hull; set HULL_DEBUG=1 for the stack trace\n';
  }
  return text;
}
