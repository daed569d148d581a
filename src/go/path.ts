/** Go's package path (slash-separated paths, purely lexical). */

const ALREADY_CLEAN = /^\/?(?:[^/]+\/)*[^/]+$/;
const DOT_PART = /(?:^|\/)\.\.?(?:\/|$)/;

/** Go's path.Clean: the shortest equivalent slash-separated path. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  // Most paths are clean already (no empty, '.' or '..' component, no trailing '/'): nothing to build.
  if (p === '/' || (ALREADY_CLEAN.test(p) && !DOT_PART.test(p))) return p;
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's path.Join: the non-empty elements joined by '/', cleaned; '' when all are empty. */
export function pathJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 0 ? '' : pathClean(nonEmpty.join('/'));
}

/** Go's path.Ext: from the last dot of the last element ('' when it has none). */
export function pathExt(name: string): string {
  for (let i = name.length - 1; i >= 0 && name[i] !== '/'; i--) if (name[i] === '.') return name.slice(i);
  return '';
}
