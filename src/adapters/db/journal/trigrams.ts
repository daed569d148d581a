/**
 * The FTS5 query for journal_text (trigram tokens, `detail=none`: no
 * positions, so no phrase): every distinct trigram of the literal, ANDed. A
 * superset of the messages holding the literal; the regular expression
 * decides after. The literal is ASCII letters and digits (grep-literal.ts),
 * at least 3 characters; the trigram tokenizer folds case.
 */
export function trigramQuery(literal: string): string {
  const lower = literal.toLowerCase();
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= lower.length; i++) grams.add(lower.slice(i, i + 3));
  return [...grams].map((g) => `"${g}"`).join(' AND ');
}
