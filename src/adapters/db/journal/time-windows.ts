/**
 * Time windows for a scan in the store's order (realtime first): a query
 * whose candidates an index finds but not in time order (a priority, a
 * field's value, a grep's literal) would sort every candidate of the whole
 * store for one page. Scanning window after window, from the end the page
 * starts at, sorts only one window's candidates; a window that yields too
 * little is followed by one four times wider, so a rare match costs a few
 * windows, not one per step. The windows cover the whole axis in order: the
 * first has no bound behind it, the last none ahead (entries without a time,
 * realtime -1, fall in the first window of an ascending scan and the last of
 * a descending one).
 */
export interface TimeWindow {
  /** Inclusive lower bound, or none. */
  readonly from?: bigint;
  /** Exclusive upper bound, or none. */
  readonly to?: bigint;
}

export interface WindowPlan {
  /** The times the store holds (min and max realtime ≥ 0). */
  readonly min: bigint;
  readonly max: bigint;
  /** Where the scan starts: the page's position, else the query's bound, else the store's end. */
  readonly start: bigint;
  readonly reverse: boolean;
  /** Windows the store's span is first cut into (the first window's width is span / this). */
  readonly parts?: number;
}

export function* timeWindows(plan: WindowPlan): Generator<TimeWindow> {
  const span = plan.max - plan.min + 1n;
  let width = span / BigInt(plan.parts ?? 64);
  if (width < 1n) width = 1n;
  if (plan.reverse) {
    let upper: bigint | undefined;
    let edge = plan.start;
    for (;;) {
      const lower = edge - width + 1n;
      if (lower <= plan.min) {
        yield upper === undefined ? {} : { to: upper };
        return;
      }
      yield upper === undefined ? { from: lower } : { from: lower, to: upper };
      upper = lower;
      edge = lower - 1n;
      width *= 4n;
    }
  }
  let lower: bigint | undefined;
  let edge = plan.start;
  for (;;) {
    const upper = edge + width;
    if (upper > plan.max) {
      yield lower === undefined ? {} : { from: lower };
      return;
    }
    yield lower === undefined ? { to: upper } : { from: lower, to: upper };
    lower = upper;
    edge = upper;
    width *= 4n;
  }
}
