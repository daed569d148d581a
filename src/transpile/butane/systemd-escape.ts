/** go-systemd's unit.UnitNamePathEscape: `/var/lib/data` → `var-lib-data`, `-` → `\x2d`. */
export function unitNamePathEscape(path: string): string {
  const bytes = new TextEncoder().encode(path);
  let out = '';
  let inSlashes = false;
  let start = true;
  const allowed = /^[:_.a-zA-Z0-9]$/;
  for (const c of bytes) {
    const ch = String.fromCharCode(c);
    if (ch === '/') {
      inSlashes = true;
      continue;
    } else if (inSlashes) {
      inSlashes = false;
      if (!start) out += '-';
    }
    if ((start && ch === '.') || c >= 0x80 || !allowed.test(ch)) out += `\\x${c.toString(16)}`;
    else out += ch;
    start = false;
  }
  return out === '' ? '-' : out;
}
