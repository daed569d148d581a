import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

/**
 * Hull's own package.json. src/adapters/node/ and dist/adapters/node/ sit at the
 * same depth, so one relative URL serves the sources and the build.
 */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const raw = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as PackageInfo;
    cached = { name: raw.name, version: raw.version };
  }
  return cached;
}
