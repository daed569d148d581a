/**
 * What a long command is doing, as one status line: the stage, the step, and
 * for a transfer the bytes done (of the total, when known) and the rate. Pure:
 * fed by events, asked for its line; the clock is passed in. A renderer
 * (src/cli/progress-line.ts) decides when and where the line is drawn.
 */
export type ProgressEvent =
  /** A step (one operation) of a stage starts. */
  | { readonly kind: 'start'; readonly stage: string; readonly step: string }
  /** The step ends (finished or failed). */
  | { readonly kind: 'end'; readonly stage: string; readonly step: string }
  /** Bytes of a transfer (`label`: what is read, e.g. a URL) so far; `total` when announced. */
  | { readonly kind: 'bytes'; readonly label: string; readonly done: number; readonly total?: number };

interface Transfer {
  readonly label: string;
  done: number;
  total?: number;
  readonly startedMs: number;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** A byte count for people: `512 B`, `1.5 KiB`, `12.0 MiB`, `3.25 GiB` at most 4 significant figures. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '? B';
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return `${Math.round(v)} B`;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[i]}`;
}

/** Bytes over milliseconds as a rate (`2.50 MiB/s`); empty while too little time has passed to say. */
export function formatRate(bytes: number, ms: number): string {
  if (ms < 200) return '';
  return `${formatBytes((bytes * 1000) / ms)}/s`;
}

/** Seconds for a step that is taking a while: `3 s`, `1 min 05 s`. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Cuts `line` to `width` characters, with an ellipsis when cut. */
export function fitLine(line: string, width: number): string {
  const chars = [...line];
  if (width < 2 || chars.length <= width) return chars.slice(0, Math.max(width, 0)).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

export class ProgressModel {
  private stage: string | undefined;
  private step: string | undefined;
  private stepStartedMs = 0;
  private transfer: Transfer | undefined;

  constructor(private readonly now: () => number) {}

  apply(e: ProgressEvent): void {
    const t = this.now();
    if (e.kind === 'start') {
      this.stage = e.stage;
      this.step = e.step;
      this.stepStartedMs = t;
      this.transfer = undefined;
    } else if (e.kind === 'end') {
      if (this.step === e.step) {
        this.step = undefined;
        this.transfer = undefined;
      }
    } else {
      if (this.transfer === undefined || this.transfer.label !== e.label || e.done < this.transfer.done) {
        this.transfer = {
          label: e.label,
          done: e.done,
          startedMs: t,
          ...(e.total !== undefined ? { total: e.total } : {}),
        };
      } else {
        this.transfer.done = e.done;
        if (e.total !== undefined) this.transfer.total = e.total;
      }
    }
  }

  /** The status line (without a newline), or undefined when nothing is under way. */
  line(): string | undefined {
    if (this.stage === undefined) return undefined;
    const t = this.now();
    const parts = [`${this.stage}: ${this.step ?? '…'}`];
    const x = this.transfer;
    if (x !== undefined) {
      const pct =
        x.total !== undefined && x.total > 0 ? ` (${Math.floor((Math.min(x.done, x.total) * 100) / x.total)}%)` : '';
      const rate = formatRate(x.done, t - x.startedMs);
      parts.push(
        `${formatBytes(x.done)}${x.total !== undefined ? ` of ${formatBytes(x.total)}` : ''}${pct}${rate ? `, ${rate}` : ''}`,
      );
    } else if (this.step !== undefined && t - this.stepStartedMs >= 1000) {
      parts.push(formatElapsed(t - this.stepStartedMs));
    }
    return parts.join(' — ');
  }
}
