/**
 * ct's data URLs: `data:,` and the bytes percent-encoded, only ASCII letters,
 * digits and `-_.!~*'()` left as they are, upper-case hex (the dataurl
 * library's Escape, then url.URL's opaque form, which keeps it).
 */
export function ctDataUrl(bytes: Uint8Array): string {
  let out = 'data:,';
  for (const b of bytes) {
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || "-_.!~*'()".includes(String.fromCharCode(b))) {
      out += String.fromCharCode(b);
    } else {
      out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

export function ctDataUrlString(text: string): string {
  return ctDataUrl(new TextEncoder().encode(text));
}
