/**
 * Butane's MergeTranslatedConfigs: Ignition's merge (`mergeConfigs`, the one
 * home of it) of the generated sugar (parent) and the user's translated
 * config (child), with the translations following the values: every output
 * path under a moved list entry is renumbered, and the translations of a
 * dropped entry go with it. Child translations win for the same output path.
 */
import type { JsonPath } from '../../core/index.js';
import { mergeConfigs, type MergeSide } from '../../ignition/index.js';
import { TranslationSet } from '../translation-set.js';

type Rec = Record<string, unknown>;

/** Where each placed list entry went, by input side and path; undefined when dropped. */
class Placements {
  readonly #moves = new Map<string, JsonPath | undefined>();

  record(side: MergeSide, from: JsonPath, to: JsonPath | undefined): void {
    this.#moves.set(`${side}${JSON.stringify(from)}`, to);
  }

  /** The output path of an input path: its longest placed prefix moved, or itself (null when dropped). */
  remap(side: MergeSide, p: JsonPath): JsonPath | null {
    for (let n = p.length; n > 0; n--) {
      if (typeof p[n - 1] !== 'number') continue;
      const key = `${side}${JSON.stringify(p.slice(0, n))}`;
      if (!this.#moves.has(key)) continue;
      const to = this.#moves.get(key);
      return to === undefined ? null : [...to, ...p.slice(n)];
    }
    return p;
  }
}

export function mergeTranslated(
  parent: Rec,
  parentTs: TranslationSet,
  child: Rec,
  childTs: TranslationSet,
): { config: Rec; ts: TranslationSet } {
  const placements = new Placements();
  const config = mergeConfigs(parent, child, (side, from, to) => placements.record(side, from, to));
  const ts = new TranslationSet();
  for (const [side, set] of [
    ['parent', parentTs],
    ['child', childTs],
  ] as const) {
    for (const t of set.entries()) {
      const to = placements.remap(side, t.to);
      if (to !== null) ts.add(t.from, to);
    }
  }
  return { config, ts };
}
