/**
 * The longest run of ASCII letters and digits that every match of a regular
 * expression must contain, so that a store can narrow `-g` candidates with a
 * full-text index (a trigram index needs at least 3 characters) before the
 * regular expression itself is applied. Conservative: an expression with an
 * alternation `|` outside a group or class gives none; groups, classes,
 * escapes other than an escaped punctuation character, and quantified
 * characters end a run (a `?`, `*` or `{` makes the character before it
 * optional, so it leaves the run). The literal is matched case-insensitively
 * by the stores (a superset of both of journalctl's case rules).
 */
const WORD = /[A-Za-z0-9]/;

export function requiredLiteral(source: string): string | undefined {
  const runs: string[] = [];
  let run = '';
  const cut = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  let i = 0;
  let depth = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return undefined;
      if (depth === 0 && !WORD.test(next) && /[\x21-\x7e]/.test(next)) {
        // An escaped punctuation character is a literal, but not a word character: it ends the run.
        cut();
      } else cut();
      i += 2;
      continue;
    }
    if (c === '[') {
      cut();
      // Skip the class, minding escapes and a leading ].
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') {
      cut();
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      cut();
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    if (c === '|') {
      if (depth === 0) return undefined;
      cut();
      i++;
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      // The atom before is optional (or the quantifier follows a group: nothing to drop).
      run = run.slice(0, -1);
      cut();
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      i++;
      continue;
    }
    if (c === '+') {
      cut();
      i++;
      continue;
    }
    if (depth === 0 && WORD.test(c)) {
      // A word character followed by a quantifier is handled at the quantifier.
      run += c;
    } else cut();
    i++;
  }
  cut();
  let best: string | undefined;
  for (const r of runs) if (r.length >= 3 && (best === undefined || r.length > best.length)) best = r;
  return best;
}
