/**
 * go-yaml v3's defence against alias bombs ("billion laughs"), decode.go:
 * every decoded node counts; nodes decoded while expanding an alias count as
 * alias decodes too. Once more than 100 alias decodes and more than 1000
 * decodes happened, the share of alias decodes may not exceed 99% (up to
 * 400,000 decodes), falling linearly to 10% at 4,000,000 decodes. Past that,
 * decoding stops with "document contains excessive aliasing".
 */
const RATIO_RANGE_LOW = 400_000;
const RATIO_RANGE_HIGH = 4_000_000;

export function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
}

export class AliasLimiter {
  decodeCount = 0;
  aliasCount = 0;
  #depth = 0;

  enterAlias(): void {
    this.#depth++;
  }

  leaveAlias(): void {
    this.#depth--;
  }

  /** Counts one decoded node; true when the alias budget is exhausted. */
  tick(): boolean {
    this.decodeCount++;
    if (this.#depth > 0) this.aliasCount++;
    return (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    );
  }
}
