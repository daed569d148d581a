/**
 * Local paths are relative to the files directory: Butane joins them to it
 * (a leading `/` does not make them absolute) and refuses any that then
 * lies outside it (base/util EnsurePathWithinFilesDir). Pure, lexical.
 */

/** The cleaned relative path (`a/b`, '' for the directory itself), or undefined when it leaves the directory. */
export function cleanLocalPath(local: string): string | undefined {
  const out: string[] = [];
  for (const part of local.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
