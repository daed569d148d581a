/**
 * An Omaha request body (bytes or text) → the request model, or a coded
 * refusal. Never throws, whatever the input (a fuzz test holds it).
 *
 * Order of the checks: size (before anything is decoded), UTF-8, no
 * `<!DOCTYPE`/`<!ENTITY` anywhere (so no entity is ever declared, let alone
 * expanded), characters XML allows, the declared encoding, well-formedness,
 * a `<request>` root, protocol "3.0", at least one app, each app's appid,
 * each event's numbers.
 */
import type { OmahaCodecErrorCode } from './codes.js';
import type { OmahaRequest } from './model.js';
import { parseXmlTree } from './_xml-tree.js';
import { ReadFailure, readRequest } from './_read-request.js';
import { hasForbiddenXmlChar } from './xml-text.js';

/** Nebraska's request body limit. */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

export interface ParseRequestOptions {
  /** Bodies larger than this many bytes are refused unread (OMAHA_TOO_LARGE). */
  readonly maxBytes?: number;
}

export type ParseRequestResult =
  | { readonly ok: true; readonly request: OmahaRequest }
  | { readonly ok: false; readonly code: OmahaCodecErrorCode; readonly message: string };

function fail(code: OmahaCodecErrorCode, message: string): ParseRequestResult {
  return { ok: false, code, message };
}

const DECLARATION_BANNED = /<!\s*(DOCTYPE|ENTITY)/i;
const ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/;

/** UTF-8 length of a string, counted without building the bytes. */
function utf8Length(text: string, stopAbove: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function decodeText(input: string | Uint8Array, maxBytes: number): ParseRequestResult | string {
  const size = typeof input === 'string' ? utf8Length(input, maxBytes) : input.byteLength;
  if (size > maxBytes) {
    return fail('OMAHA_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
  }
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fail('OMAHA_NOT_XML', 'the request body is not valid UTF-8');
  }
}

export function parseRequest(input: string | Uint8Array, options: ParseRequestOptions = {}): ParseRequestResult {
  try {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    const text = decodeText(input, maxBytes);
    if (typeof text !== 'string') return text;
    if (DECLARATION_BANNED.test(text)) {
      return fail(
        'OMAHA_DOCTYPE_FORBIDDEN',
        'the request holds a <!DOCTYPE or <!ENTITY declaration; Omaha requests never do, and entities are not expanded',
      );
    }
    if (text.trim() === '') return fail('OMAHA_NOT_XML', 'the request body is empty');
    if (hasForbiddenXmlChar(text)) {
      return fail(
        'OMAHA_NOT_XML',
        'the request holds a character XML does not allow (a control character or a lone surrogate)',
      );
    }
    const encoding = ENCODING.exec(text)?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      return fail('OMAHA_NOT_XML', `the request declares encoding "${encoding.slice(0, 40)}"; only UTF-8 is read`);
    }
    const tree = parseXmlTree(text);
    if (!tree.ok) return fail('OMAHA_NOT_XML', `the request is not well-formed XML: ${tree.message}`);
    if (tree.name !== 'request') {
      return fail('OMAHA_NOT_REQUEST', `the root element is <${tree.name.slice(0, 40)}>, not <request>`);
    }
    return { ok: true, request: readRequest(tree.root) };
  } catch (err) {
    if (err instanceof ReadFailure) return fail(err.code, err.message);
    // Not reached by any input the fuzz test found; kept so that a parser bug is still an answer.
    return fail('OMAHA_NOT_XML', `the request could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
