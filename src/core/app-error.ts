import { APP_ERROR_CODES, type AppErrorCode } from './app-error-codes.js';
import type { ExitCode } from './exit-codes.js';
import type { Report } from './report.js';

/**
 * A failure of the program or its environment (a device, a fetch, the
 * database, a bug), as opposed to an Issue in user input. Stage boundaries
 * wrap it with `while(...)` so the message reads as a chain of what was being
 * done: "while opening the store: while migrating: disk I/O error".
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  /** For INPUT_INVALID: the report that made the input invalid. */
  readonly report: Report | undefined;
  readonly steps: readonly string[];
  readonly detail: string;
  /** What the user may do next (`run hull butane x.bu first`): the CLI prints it as `hull: hint: …`. */
  readonly hint: string | undefined;
  /** Machine-readable particulars for API answers (`{code, message, details}`), e.g. each schema problem. */
  readonly details: unknown;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { cause?: unknown; report?: Report; steps?: readonly string[]; hint?: string; details?: unknown } = {},
  ) {
    const steps = options.steps ?? [];
    super([...steps.map((s) => `while ${s}`), message].join(': '), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.report = options.report;
    this.steps = steps;
    this.detail = message;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** Adds an outer "while doing X" step. */
  while(step: string): AppError {
    const options: { cause?: unknown; report?: Report; steps: readonly string[]; hint?: string; details?: unknown } = {
      cause: this.cause,
      steps: [step, ...this.steps],
    };
    if (this.details !== undefined) options.details = this.details;
    if (this.report !== undefined) options.report = this.report;
    if (this.hint !== undefined) options.hint = this.hint;
    return new AppError(this.code, this.detail, options);
  }

  get exitCode(): ExitCode {
    return APP_ERROR_CODES[this.code].exit;
  }

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code].http;
  }

  toJSON(): { code: AppErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(err: unknown, step?: string): AppError {
  const base =
    err instanceof AppError
      ? err
      : new AppError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
  return step === undefined ? base : base.while(step);
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
