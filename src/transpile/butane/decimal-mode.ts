/**
 * Butane's decimal-mode heuristic (base/util CheckForDecimalMode): a mode
 * that is unusual as written but usual when its decimal digits are read as
 * octal (`644` → 0644) was probably written without the leading zero.
 */

function isTypicalMode(mode: number, directory: boolean): boolean {
  if (mode === 0) return true;
  const perms = [mode & 0o7, (mode & 0o70) >> 3, (mode & 0o700) >> 6];
  let hadR = false;
  let hadW = false;
  let hadX = false;
  for (const perm of perms) {
    const r = (perm & 4) !== 0;
    const w = (perm & 2) !== 0;
    const x = (perm & 1) !== 0;
    if ((!r && hadR) || (!w && hadW) || (!x && hadX)) return false;
    if (x && hadR && !hadX) return false;
    if ((w || x) && !r) return false;
    hadR ||= r;
    hadW ||= w;
    hadX ||= x;
  }
  if (!hadR) return false;
  if (directory) {
    if (!hadX) return false;
    if ((mode & 0o4000) !== 0) return false;
    if ((mode & 0o3000) !== 0 && !hadW) return false;
  } else {
    if ((mode & 0o6000) !== 0) {
      if (!hadX) return false;
      if ((mode & 2) !== 0) return false;
    }
    if ((mode & 0o1000) !== 0) return false;
  }
  return true;
}

function decimalToOctal(mode: number): number | undefined {
  if (mode < 0 || mode > 7777) return undefined;
  let ret = 0;
  for (let divisor = 1000; divisor > 0; divisor = Math.floor(divisor / 10)) {
    const digit = Math.floor(mode / divisor) % 10;
    if (digit > 7) return undefined;
    ret = (ret << 3) | digit;
  }
  return ret;
}

/** True when `mode` looks like octal digits written in decimal. */
export function checkForDecimalMode(mode: number, directory: boolean): boolean {
  const corrected = decimalToOctal(mode);
  if (corrected === undefined) return false;
  return !isTypicalMode(mode, directory) && isTypicalMode(corrected, directory);
}
