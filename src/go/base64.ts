/** Go's encoding/base64 with the standard alphabet and padding (base64.StdEncoding). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** 1 at the character codes of base64's standard alphabet. */
const B64_ALPHABET = new Uint8Array(128);
for (const c of ALPHABET) B64_ALPHABET[c.charCodeAt(0)] = 1;

/** base64.StdEncoding.EncodeToString. */
export function base64Encode(data: Uint8Array): string {
  const B64 = ALPHABET;
  let out = '';
  let i = 0;
  for (; i + 2 < data.length; i += 3) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = data.length - i;
  if (rest === 1) {
    const n = data[i]! << 16;
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8);
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** The error of Go's base64.StdEncoding.DecodeString, or undefined (its quantum-by-quantum rules: \r and \n are skipped, padding is required). */
export function base64DecodeError(src: string): string | undefined {
  const bad = (at: number) => `illegal base64 data at input byte ${at}`;
  // Character codes, not one-character strings: a 60 MB URL is read in a tight loop.
  const isNl = (i: number) => i < src.length && (src.charCodeAt(i) === 10 || src.charCodeAt(i) === 13);
  const EQ = 61;
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return bad(si - j);
      }
      const c = src.charCodeAt(si);
      si++;
      if (c < 128 && B64_ALPHABET[c] === 1) continue;
      if (c === 10 || c === 13) {
        j--;
        continue;
      }
      if (c !== EQ) return bad(si - 1);
      if (j < 2) return bad(si - 1);
      if (j === 2) {
        while (isNl(si)) si++;
        if (si === src.length) return bad(src.length);
        if (src.charCodeAt(si) !== EQ) return bad(si - 1);
        si++;
      }
      while (isNl(si)) si++;
      if (si < src.length) return bad(si);
      return undefined;
    }
  }
  return undefined;
}

/** base64.StdEncoding.DecodeString: the bytes, or undefined where it fails (see base64DecodeError). */
export function base64Decode(text: string): Uint8Array | undefined {
  if (base64DecodeError(text) !== undefined) return undefined;
  const s = text.replace(/[\r\n]/g, '');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((s.length / 4) * 3 - pad);
  const v = (c: string | undefined): number => (c === undefined || c === '=' ? 0 : ALPHABET.indexOf(c));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (v(s[i]) << 18) | (v(s[i + 1]) << 12) | (v(s[i + 2]) << 6) | v(s[i + 3]);
    if (o < bytes.length) bytes[o++] = (n >> 16) & 0xff;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 0xff;
    if (o < bytes.length) bytes[o++] = n & 0xff;
  }
  return bytes;
}
