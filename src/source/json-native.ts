/**
 * parseJson's value-only pass through the engine's JSON.parse, which reads the same grammar
 * (RFC 8259) and builds the same values, keys in the same order. One scan of the text then checks
 * what JSON.parse lets through and Hull's parser does not: duplicate keys (JSON.parse keeps the
 * last, so the members in the text outnumber the keys of the value), numbers too large for a
 * float64, nesting deeper than the limit; and it notes whether every number is written as
 * JavaScript writes its value. Undefined when the text needs Hull's own parser.
 */
export interface NativeJson {
  readonly value: unknown;
  /** Every number is written as String(value) writes it. */
  readonly plainNumbers: boolean;
}

export function nativeJson(text: string, maxDepth: number): NativeJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // A syntax error, or nesting deeper than the engine's stack: Hull's parser says where and why.
    return undefined;
  }
  // JSON.parse accepted the text, so it is valid JSON: strings end, escapes are well formed.
  const n = text.length;
  let members = 0;
  let depth = 0;
  let plainNumbers = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote: the next '"' after an even number of backslashes.
      i = text.indexOf('"', i + 1);
      while (escaped(text, i)) i = text.indexOf('"', i + 1);
      // A string followed by ':' is a member's key.
      let j = i + 1;
      for (let d = text.charCodeAt(j); d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09; d = text.charCodeAt(j))
        j++;
      if (text.charCodeAt(j) === 0x3a) members++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return undefined;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d)) break;
      }
      const raw = text.slice(i, j);
      const num = Number(raw);
      if (!Number.isFinite(num)) return undefined;
      if (plainNumbers && String(num) !== raw) plainNumbers = false;
      i = j - 1;
    }
  }
  return keyCount(value) === members ? { value, plainNumbers } : undefined;
}

/** Whether the character at `i` follows an odd number of backslashes. */
function escaped(text: string, i: number): boolean {
  let k = i - 1;
  while (text.charCodeAt(k) === 0x5c) k--;
  return (i - 1 - k) % 2 === 1;
}

/** The keys of every object in a JSON value. */
function keyCount(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      const record = v as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        count++;
        const x = record[k];
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return count;
}
