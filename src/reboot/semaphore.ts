/**
 * locksmith's counting semaphore, as stored in etcd: a JSON document
 * `{"semaphore":N,"max":M,"holders":[...]}` (fields in that order). Pure.
 *
 * Behaviour follows locksmith (observed, docs/reboot.md): a fresh value is
 * `{"semaphore":1,"max":1,"holders":null}`; `lock` checks the count before
 * the holder list; holders are inserted at their binary-search position (so
 * they stay sorted); `set-max` shifts the count by the difference and never
 * checks it, so the count can go negative.
 */

export interface Semaphore {
  readonly semaphore: number;
  readonly max: number;
  /** `null` until the first unlock (locksmith's Go nil slice); `[]` after. Both mean "no holders". */
  readonly holders: readonly string[] | null;
}

export const INITIAL_SEMAPHORE: Semaphore = { semaphore: 1, max: 1, holders: null };

/** A refusal with locksmith's exact text (`semaphore is at 0`, `holder exists`, `holder does not exist`). */
export type SemaphoreRefusal =
  | { readonly kind: 'semaphore-at'; readonly message: string }
  | { readonly kind: 'holder-exists'; readonly message: 'holder exists' }
  | { readonly kind: 'holder-not-exist'; readonly message: 'holder does not exist' };

export type SemaphoreChange =
  | { readonly ok: true; readonly value: Semaphore }
  | { readonly ok: false; readonly refusal: SemaphoreRefusal };

/** Go's string order: byte order of UTF-8, which is code point order. */
export function compareGoStrings(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const cb = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return ca.length === cb.length ? 0 : ca.length < cb.length ? -1 : 1;
}

/** The smallest i with list[i] >= h by binary search (Go's sort.SearchStrings), also on an unsorted list. */
function searchStrings(list: readonly string[], h: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareGoStrings(list[mid] ?? '', h) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function holdersOf(sem: Semaphore): readonly string[] {
  return sem.holders ?? [];
}

export function lockSemaphore(sem: Semaphore, id: string): SemaphoreChange {
  if (sem.semaphore <= 0)
    return { ok: false, refusal: { kind: 'semaphore-at', message: `semaphore is at ${sem.semaphore}` } };
  const holders = holdersOf(sem);
  const at = searchStrings(holders, id);
  if (at < holders.length && holders[at] === id)
    return { ok: false, refusal: { kind: 'holder-exists', message: 'holder exists' } };
  const next = [...holders.slice(0, at), id, ...holders.slice(at)];
  return { ok: true, value: { semaphore: sem.semaphore - 1, max: sem.max, holders: next } };
}

export function unlockSemaphore(sem: Semaphore, id: string): SemaphoreChange {
  const holders = holdersOf(sem);
  const at = searchStrings(holders, id);
  if (!(at < holders.length && holders[at] === id)) {
    return { ok: false, refusal: { kind: 'holder-not-exist', message: 'holder does not exist' } };
  }
  return {
    ok: true,
    value: { semaphore: sem.semaphore + 1, max: sem.max, holders: [...holders.slice(0, at), ...holders.slice(at + 1)] },
  };
}

/** New count = old count − (old max − new max); holders kept; never refused. */
export function setMaxSemaphore(sem: Semaphore, max: number): Semaphore {
  const diff = sem.max - max;
  return { semaphore: sem.semaphore - diff, max: sem.max - diff, holders: sem.holders };
}

/** The stored form, byte for byte as locksmith writes it. */
export function encodeSemaphore(sem: Semaphore): string {
  return `{"semaphore":${sem.semaphore},"max":${sem.max},"holders":${sem.holders === null ? 'null' : JSON.stringify(sem.holders)}}`;
}

export type ParsedSemaphore =
  | { readonly ok: true; readonly value: Semaphore }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a stored value as Go's encoding/json reads it into locksmith's struct:
 * missing fields are zero, unknown fields ignored, keys matched without regard
 * to case, `null` holders kept. A value that is not JSON, or has fields of the
 * wrong type, is refused with a message in the style of Go's (`invalid
 * character 'x' looking for beginning of value`, `unexpected end of JSON input`).
 */
export function parseSemaphore(text: string): ParsedSemaphore {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: goSyntaxMessage(text) };
  }
  if (doc === null) return { ok: true, value: { semaphore: 0, max: 0, holders: null } };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, message: `json: cannot unmarshal ${goKind(doc)} into Go value of type lock.Semaphore` };
  }
  let semaphore = 0;
  let max = 0;
  let holders: string[] | null = null;
  for (const [key, v] of Object.entries(doc as Record<string, unknown>)) {
    const k = key.toLowerCase();
    if (k === 'semaphore' || k === 'max') {
      if (v === null) continue;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
        return {
          ok: false,
          message: `json: cannot unmarshal ${goKind(v)} into Go struct field Semaphore.${k} of type int`,
        };
      }
      if (k === 'semaphore') semaphore = v;
      else max = v;
    } else if (k === 'holders') {
      if (v === null) {
        holders = null;
        continue;
      }
      if (!Array.isArray(v))
        return {
          ok: false,
          message: `json: cannot unmarshal ${goKind(v)} into Go struct field Semaphore.holders of type []string`,
        };
      const list: string[] = [];
      for (const h of v) {
        if (typeof h !== 'string')
          return {
            ok: false,
            message: `json: cannot unmarshal ${goKind(h)} into Go struct field Semaphore.holders of type string`,
          };
        list.push(h);
      }
      holders = list;
    }
  }
  return { ok: true, value: { semaphore, max, holders } };
}

function goKind(v: unknown): string {
  if (typeof v === 'number') return `number ${String(v)}`;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/**
 * Go's JSON syntax error texts for the common cases (empty, truncated, a bad
 * first character, a misspelt literal); other syntax errors keep Go's
 * `invalid character` prefix with the offending character.
 */
function goSyntaxMessage(text: string): string {
  const trimmed = text.replace(/^[ \t\r\n]+/, '');
  if (trimmed === '') return 'unexpected end of JSON input';
  const c = String.fromCodePoint(trimmed.codePointAt(0) ?? 0);
  if (!'{["-0123456789tfn'.includes(c)) return `invalid character ${goQuoteChar(c)} looking for beginning of value`;
  for (const literal of ['true', 'false', 'null']) {
    if (c !== literal[0]) continue;
    for (let i = 1; i < literal.length; i++) {
      const got = trimmed[i];
      if (got === undefined) return 'unexpected end of JSON input';
      if (got !== literal[i])
        return `invalid character ${goQuoteChar(got)} in literal ${literal} (expecting ${goQuoteChar(literal[i] ?? '')})`;
    }
  }
  const where = /position (\d+)/.exec(safeParseError(text));
  const at = where ? Number(where[1]) : -1;
  if (at < 0 || at >= text.length) return 'unexpected end of JSON input';
  return `invalid character ${goQuoteChar(text[at] ?? '')} at offset ${at + 1}`;
}

function safeParseError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : '';
  }
}

function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '\n') return "'\\n'";
  if (c === '\t') return "'\\t'";
  if (c === '\r') return "'\\r'";
  return `'${c}'`;
}
