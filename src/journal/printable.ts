/**
 * systemd's "printable UTF-8" test (utf8_is_printable_newline): valid UTF-8
 * (no overlong forms, no surrogates, no noncharacters U+FDD0..U+FDEF or
 * U+xFFFE/U+xFFFF, nothing above U+10FFFF) without control characters: C0
 * other than TAB (and LF when `allowNewline`), DEL and C1 (U+0080..U+009F).
 * It decides text versus binary framing in the export format, strings versus
 * byte arrays in JSON and `[N blob data]` in the text formats.
 */
export function isPrintableUtf8(b: Uint8Array, allowNewline = true, start = 0, end = b.length): boolean {
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c < 0x20) {
        if (c === 0x09 || (c === 0x0a && allowNewline)) {
          i++;
          continue;
        }
        return false;
      }
      if (c === 0x7f) return false;
      i++;
      continue;
    }
    let len: number;
    let cp: number;
    if (c >= 0xc0 && c < 0xe0) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c < 0xf0) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c < 0xf8) {
      len = 4;
      cp = c & 0x07;
    } else return false;
    if (i + len > end) return false;
    for (let k = 1; k < len; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    const need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (need !== len) return false;
    if (cp >= 0x110000) return false;
    if ((cp & 0xfffff800) === 0xd800) return false;
    if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
    if ((cp & 0xfffe) === 0xfffe) return false;
    if (cp >= 0x80 && cp <= 0x9f) return false;
    i += len;
  }
  return true;
}
