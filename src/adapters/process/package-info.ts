import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

/** Name and version from Hull's own package.json. */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const raw = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as PackageInfo;
    cached = { name: raw.name, version: raw.version };
  }
  return cached;
}
