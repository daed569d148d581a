import { formatPath, isPrefixOf, joinPath, type Issue, type JsonPath } from '../core/index.js';

/** One output place and the input place it was made from. */
export interface Translation {
  readonly from: JsonPath;
  readonly to: JsonPath;
}

const keyOf = (path: JsonPath): string => JSON.stringify(path);

/**
 * Which input field (a path into the YAML) each output field (a path into the
 * produced JSON) came from. Transpilers fill it as they build the output; the
 * report maps an Ignition-level issue at an output path back to the YAML line
 * through it. Entries are keyed by output path; a later add for the same
 * output path wins, as when sugar overwrites a field.
 */
export class TranslationSet {
  readonly #byTo = new Map<string, Translation>();

  get size(): number {
    return this.#byTo.size;
  }

  add(from: JsonPath, to: JsonPath): this {
    this.#byTo.set(keyOf(to), { from: [...from], to: [...to] });
    return this;
  }

  /** `fromPrefix.k` → `toPrefix.k` for each key. */
  addIdentity(fromPrefix: JsonPath, toPrefix: JsonPath, keys: readonly (string | number)[]): this {
    for (const k of keys) this.add([...fromPrefix, k], [...toPrefix, k]);
    return this;
  }

  /**
   * Every place inside `value` (placed at `to`, `to` itself included) came
   * from the one input place `from`: generated units, sugar expansions.
   */
  addFromCommonSource(from: JsonPath, to: JsonPath, value: unknown): this {
    for (const path of pathsOf(value, to)) this.add(from, path);
    return this;
  }

  /** Copies `other` in; its entries win over ours for the same output path. */
  merge(other: TranslationSet): this {
    for (const t of other.entries()) this.#byTo.set(keyOf(t.to), t);
    return this;
  }

  /** A new set with `fromPrefix` before every input path and `toPrefix` before every output path. */
  prefixed(fromPrefix: JsonPath, toPrefix: JsonPath): TranslationSet {
    const out = new TranslationSet();
    for (const t of this.entries()) out.add(joinPath(fromPrefix, t.from), joinPath(toPrefix, t.to));
    return out;
  }

  /** The entries whose output path lies under `toPrefix`, with that prefix cut off. */
  under(toPrefix: JsonPath): TranslationSet {
    const out = new TranslationSet();
    for (const t of this.entries()) if (isPrefixOf(toPrefix, t.to)) out.add(t.from, t.to.slice(toPrefix.length));
    return out;
  }

  /** Moves output paths under `oldTo` to `newTo` (an array element renumbered, a key renamed). */
  moveTo(oldTo: JsonPath, newTo: JsonPath): this {
    for (const t of this.entries()) {
      if (!isPrefixOf(oldTo, t.to)) continue;
      this.#byTo.delete(keyOf(t.to));
      this.add(t.from, [...newTo, ...t.to.slice(oldTo.length)]);
    }
    return this;
  }

  /** The exact entry for an output path. */
  get(to: JsonPath): JsonPath | undefined {
    return this.#byTo.get(keyOf(to))?.from;
  }

  /**
   * The input place for an output path: its own entry, else that of its
   * deepest ancestor that has one (a field the validator names may be
   * deeper than anything recorded), else the document root.
   */
  resolve(to: JsonPath): JsonPath {
    for (let n = to.length; n >= 0; n--) {
      const from = this.#byTo.get(keyOf(to.slice(0, n)));
      if (from !== undefined) return from.from;
    }
    return [];
  }

  /** The issue with its output path replaced by the input path it came from. */
  mapIssue(issue: Issue): Issue {
    const { range: _dropped, ...rest } = issue;
    return { ...rest, path: this.resolve(issue.path) };
  }

  entries(): Translation[] {
    return [...this.#byTo.values()];
  }

  /**
   * The places in `output` (objects, arrays and leaves, the root excepted)
   * with no entry of their own: a complete translation has none.
   */
  missing(output: unknown): JsonPath[] {
    return pathsOf(output, []).filter((p) => p.length > 0 && !this.#byTo.has(keyOf(p)));
  }

  /** One `$.to ← $.from` line per entry, sorted: for debugging and test failures. */
  toString(): string {
    return this.entries()
      .map((t) => `${formatPath(t.to)} ← ${formatPath(t.from)}`)
      .sort()
      .join('\n');
  }
}

/** `at` and every path below it inside `value`, parents before children. */
function pathsOf(value: unknown, at: JsonPath): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (v: unknown, p: JsonPath): void => {
    out.push(p);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...p, i]));
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...p, k]);
  };
  walk(value, at);
  return out;
}
