import type { Package } from '../../update/index.js';

/**
 * The codebase update_engine downloads a package from: the package's own URL,
 * or for a payload `hull serve` hosts, `<public base>/packages/<package id>/`
 * (the client appends the file name).
 */
export function codebaseFor(pkg: Pick<Package, 'id' | 'url'>, publicBase: string): string {
  if (pkg.url !== null) return pkg.url;
  return `${publicBase.replace(/\/+$/, '')}/packages/${encodeURIComponent(pkg.id)}/`;
}
