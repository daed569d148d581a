import { ExitCode, type AppError } from '../core/index.js';
import type { OutputFormat } from './context.js';
import { toJsonIssues } from '../source/index.js';
import { envelope, renderEnvelope } from './envelope.js';

/**
 * How a failure reaches the user: one line `hull: error CODE: message`, or a JSON
 * object with -o json. Never a stack trace, except for INTERNAL errors when
 * HULL_DEBUG is set, since those are bugs worth reporting.
 */
export function renderAppError(
  err: AppError,
  output: OutputFormat,
  env: Readonly<Record<string, string | undefined>>,
  opts: { command?: string } = {},
): string {
  if (output === 'json') {
    const error = {
      code: err.code,
      message: err.message,
      ...(err.hint === undefined ? {} : { hint: err.hint }),
      ...(err.details === undefined ? {} : { details: err.details }),
    };
    return renderEnvelope(
      envelope({ ok: false, error, issues: err.report === undefined ? [] : toJsonIssues(err.report) }),
    );
  }
  let text = `hull: error ${err.code}: ${err.message}\n`;
  for (const line of detailLines(err.details)) text += `hull:   ${line}\n`;
  if (err.hint !== undefined) text += `hull: hint: ${err.hint}\n`;
  const help = opts.command ? `hull ${opts.command} --help` : 'hull --help';
  // A refused token is not a matter of the command line: the hint says what to do.
  if (err.exitCode === ExitCode.USAGE && err.code !== 'UNAUTHORIZED' && err.code !== 'FORBIDDEN')
    text += `hull: run '${help}' for usage\n`;
  if (err.code === 'INTERNAL') {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    text +=
      env['HULL_DEBUG'] && cause?.stack
        ? `${cause.stack}\n`
        : 'hull: this is a bug in Hull; set HULL_DEBUG=1 for the stack trace\n';
  }
  return text;
}

/** An API error's details (`[{path, message}]`, src/http/api/validation.ts) as `path: message` lines; nothing for other shapes. */
export function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    return [typeof path === 'string' && path !== '' ? `${path}: ${message}` : message];
  });
}
