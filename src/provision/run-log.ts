/** The operation log: every operation is logged when it starts and when it finishes or fails. */
export type OpStatus = 'start' | 'finish' | 'fail';

export interface OpEvent {
  readonly stage: string;
  readonly op: string;
  readonly status: OpStatus;
  readonly error?: string;
}

export class RunLog {
  readonly events: OpEvent[] = [];
  constructor(private readonly listener?: (e: OpEvent) => void) {}

  private emit(e: OpEvent): void {
    this.events.push(e);
    this.listener?.(e);
  }

  /** Runs `f` between a start and a finish (or fail) event; rethrows failures. */
  async op<T>(stage: string, op: string, f: () => Promise<T>): Promise<T> {
    this.emit({ stage, op, status: 'start' });
    try {
      const r = await f();
      this.emit({ stage, op, status: 'finish' });
      return r;
    } catch (err) {
      this.emit({ stage, op, status: 'fail', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }
}
