import type { CliContext } from './context.js';

/** A failure as the envelope carries it. */
export interface EnvelopeError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** Particulars of the failure: for an API's REQUEST_INVALID, `[{path, message, in}]` (hull update). */
  readonly details?: unknown;
}

/**
 * What every command prints with `-o json`: one object, one line. `ok` is the
 * command's verdict (exit 0); `result` its product (null when there is none);
 * `issues` the problems found in the input (Hull's JSON issues: code,
 * severity, path, line, column, …, message); `error` a failure that stopped it
 * (null otherwise). See docs/cli.md.
 */
export interface Envelope {
  readonly ok: boolean;
  readonly result: unknown;
  readonly issues: readonly unknown[];
  readonly error: EnvelopeError | null;
}

export function envelope(fields: {
  ok: boolean;
  result?: unknown;
  issues?: readonly unknown[];
  error?: EnvelopeError | null;
}): Envelope {
  return { ok: fields.ok, result: fields.result ?? null, issues: fields.issues ?? [], error: fields.error ?? null };
}

export function renderEnvelope(e: Envelope): string {
  return `${JSON.stringify(e)}\n`;
}

/** Writes a command's outcome as the envelope on standard output. */
export function writeEnvelope(ctx: Pick<CliContext, 'stdout'>, fields: Parameters<typeof envelope>[0]): void {
  ctx.stdout.write(renderEnvelope(envelope(fields)));
}
