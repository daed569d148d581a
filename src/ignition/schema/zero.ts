/** The kinds of value whose zero value does not depend on the schema around them. */
export type ZeroKind = 'string' | 'int' | 'bool' | 'array';

/**
 * The value Go gives a string, int, bool or slice field that the input does
 * not set (encoding/json and go-yaml both leave it): the one table of them
 * for Ignition's decoder, Butane's and ct's.
 */
export function goZero(kind: ZeroKind): string | number | boolean | never[] {
  if (kind === 'string') return '';
  if (kind === 'int') return 0;
  return kind === 'bool' ? false : [];
}
