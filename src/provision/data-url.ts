/** data: URLs (RFC 2397) as the dataurl library Ignition uses decodes them. */
import { AppError } from '../core/index.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]+/g, '');
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    let v = B64.indexOf(ch);
    if (v < 0) v = '-_'.indexOf(ch) >= 0 ? 62 + '-_'.indexOf(ch) : -1;
    if (v < 0) throw new AppError('PROVISION_FETCH_FAILED', 'invalid base64 in data URL');
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of enc.encode(ch)) out.push(b);
  }
  return Uint8Array.from(out);
}

export function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new AppError('PROVISION_FETCH_FAILED', 'malformed data URL');
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  return /;base64$/i.test(meta) ? base64Decode(percentDecodeText(data)) : percentDecode(data);
}

function percentDecodeText(text: string): string {
  return new TextDecoder().decode(percentDecode(text));
}

export function encodeDataUrl(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  return `data:,${s}`;
}
