/**
 * Where locksmith keeps its semaphores in etcd's v2 keyspace. Pure.
 * Default: `coreos.com/updateengine/rebootlock/semaphore`; group G:
 * `coreos.com/updateengine/rebootlock/groups/<query-escaped G>/semaphore`,
 * the path then cleaned as Go's path.Join does (so `.` and `..` fold away).
 */

export const KEY_PREFIX = 'coreos.com/updateengine/rebootlock';

/** Go's url.QueryEscape: unreserved bytes kept, space as `+`, the rest `%XX` (upper case) of UTF-8. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's path.Join followed by Clean, for the relative paths used here. */
function joinClean(parts: readonly string[]): string {
  const out: string[] = [];
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

export function semaphoreKey(group: string): string {
  if (group === '') return `${KEY_PREFIX}/semaphore`;
  return joinClean([KEY_PREFIX, 'groups', queryEscape(group), 'semaphore']);
}
