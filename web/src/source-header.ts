/**
 * The `variant:` and `version:` lines of a Butane config: the page reads them
 * to show which variant and version the config is, and rewrites them when one
 * is picked. Only top-level lines (no indentation) count. Pure.
 */
export interface Header {
  readonly variant?: string;
  readonly version?: string;
}

const line = (key: string) =>
  new RegExp(`^${key}:[ \\t]*(?:"([^"\\n]*)"|'([^'\\n]*)'|([^\\s#]*))[ \\t]*(?:#.*)?$`, 'm');

export function readHeader(source: string): Header {
  const out: { variant?: string; version?: string } = {};
  for (const key of ['variant', 'version'] as const) {
    const m = line(key).exec(source);
    const value = m === null ? undefined : (m[1] ?? m[2] ?? m[3]);
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** The source with its top-level variant and version set: lines replaced in place, or added at the top. */
export function writeHeader(source: string, variant: string, version: string): string {
  let text = source;
  const missing: string[] = [];
  for (const [key, value] of [
    ['variant', variant],
    ['version', version],
  ] as const) {
    const re = line(key);
    if (re.test(text)) text = text.replace(re, `${key}: ${value}`);
    else missing.push(`${key}: ${value}\n`);
  }
  return missing.join('') + text;
}
