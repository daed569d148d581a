// Journal field values as journalctl's JSON gives them; pure.

/** A journal field as journalctl's JSON gives it: a string, an array of bytes, null, or repeated values. */
export function fieldText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) return new TextDecoder().decode(new Uint8Array(v as number[]));
    return v.map(fieldText).join(' ');
  }
  return String(v);
}
