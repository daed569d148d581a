/**
 * Aligned text tables and `key: value` blocks for commands' output to people
 * (`hull update`, `hull token`). Pure. Ids are printed whole; only when a `width` (the terminal's)
 * is given and the table does not fit are the columns marked `id` cut to
 * their first 8 characters and `…`.
 */

export interface Column {
  readonly title: string;
  /** A long id that may be shortened on a narrow terminal. */
  readonly id?: boolean;
}

export const SHORT_ID = 8;

const cut = (s: string) => ([...s].length > SHORT_ID + 1 ? `${[...s].slice(0, SHORT_ID).join('')}…` : s);
const len = (s: string) => [...s].length;

export function table(
  columns: readonly (string | Column)[],
  rows: readonly (readonly string[])[],
  width?: number,
): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { title: c } : c));
  const render = (shorten: boolean) => {
    const cells = [
      cols.map((c) => c.title),
      ...rows.map((r) => r.map((cell, i) => (shorten && cols[i]?.id ? cut(cell) : cell))),
    ];
    const widths = cols.map((_, i) => cells.reduce((w, r) => Math.max(w, len(r[i] ?? '')), 0));
    return cells.map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - len(cell))))
        .join('  ')
        .trimEnd(),
    );
  };
  let lines = render(false);
  if (width !== undefined && width > 0 && lines.some((l) => len(l) > width) && cols.some((c) => c.id))
    lines = render(true);
  return `${lines.join('\n')}\n`;
}

/** `key:  value` lines, the values aligned; a value of several lines is indented under its key. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const w = pairs.reduce((m, [k]) => Math.max(m, len(k) + 1), 0);
  return (
    pairs.map(([k, v]) => `${`${k}:`.padEnd(w)}  ${v.split('\n').join(`\n${' '.repeat(w + 2)}`)}`).join('\n') + '\n'
  );
}

export const dash = (v: string | null | undefined): string => (v === null || v === undefined || v === '' ? '-' : v);
