/**
 * coreos/go-semver NewVersion: `MAJOR.MINOR.PATCH[-pre][+meta]`, numbers
 * without leading zeros; String() gives it back normalized.
 */
const RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseSemver(v: string): string | undefined {
  const m = RE.exec(v);
  if (m === null) return undefined;
  if (m[4] !== undefined && m[4].split('.').some((p) => /^0[0-9]+$/.test(p))) return undefined;
  let out = `${m[1]}.${m[2]}.${m[3]}`;
  if (m[4] !== undefined) out += `-${m[4]}`;
  if (m[5] !== undefined) out += `+${m[5]}`;
  return out;
}
