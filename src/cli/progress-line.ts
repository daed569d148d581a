/**
 * The live status line on a terminal: the ProgressModel's line, redrawn on
 * stderr in place (`\r`, the line, erase to its end) at most every
 * `intervalMs` (100 ms: ten times a second), only when it changed. Log lines
 * (`-v`) and the command's own output go through `clear()` first, so the
 * status line never mixes with them. Shown only when stderr is a terminal,
 * the output is text, TERM is not "dumb" and -q/--quiet is not given
 * (`progressFor`); otherwise nothing is written at all.
 */
import { fitLine, ProgressModel, type ProgressEvent } from '../core/index.js';
import type { CliContext, Writer } from './context.js';

/** Carriage return, then erase from the cursor to the end of the line (ECMA-48 EL 0). */
export const CLEAR = '\r\x1b[K';

export interface ProgressSink {
  update(e: ProgressEvent): void;
  /** Writes `text` (whole lines) to stderr below the status line's place. */
  log(text: string): void;
  /** Erases the status line and stops redrawing. Safe to call twice. */
  stop(): void;
}

export interface Timer {
  set(f: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (f, ms) => {
    const h = setInterval(f, ms);
    h.unref();
    return h;
  },
  clear: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export class ProgressLine implements ProgressSink {
  private shown = '';
  private handle: unknown;

  constructor(
    private readonly out: Writer,
    private readonly model: ProgressModel,
    private readonly width: number,
    private readonly timer: Timer = realTimer,
    intervalMs = 100,
  ) {
    this.handle = timer.set(() => this.draw(), intervalMs);
  }

  update(e: ProgressEvent): void {
    this.model.apply(e);
  }

  log(text: string): void {
    this.clear();
    this.out.write(text);
  }

  stop(): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.clear();
  }

  /** One redraw (the timer calls it): nothing when the line is unchanged. */
  draw(): void {
    const line = this.model.line();
    const text = line === undefined ? '' : fitLine(line, this.width - 1);
    if (text === this.shown) return;
    this.out.write(`${CLEAR}${text}`);
    this.shown = text;
  }

  private clear(): void {
    if (this.shown === '') return;
    this.out.write(CLEAR);
    this.shown = '';
  }
}

/** What does nothing: no terminal, -q, -o json. */
export const NO_PROGRESS: ProgressSink = {
  update: () => undefined,
  log: () => undefined,
  stop: () => undefined,
};

/** True when a status line may be drawn for this run. */
export function progressWanted(ctx: Pick<CliContext, 'stderrIsTTY' | 'output' | 'env' | 'quiet'>): boolean {
  return ctx.stderrIsTTY && ctx.output === 'text' && ctx.quiet !== true && ctx.env.TERM !== 'dumb';
}

/** The status line for this run, or one that does nothing (`log` still writes) when none is wanted. */
export function progressFor(ctx: CliContext): ProgressSink {
  if (!progressWanted(ctx)) return { ...NO_PROGRESS, log: (t) => ctx.stderr.write(t) };
  const width = ctx.stderrColumns !== undefined && ctx.stderrColumns > 0 ? ctx.stderrColumns : 80;
  return new ProgressLine(ctx.stderr, new ProgressModel(() => Date.now()), width);
}
