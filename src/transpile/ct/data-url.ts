import { dataUrlEscape } from '../../go/index.js';

/**
 * ct's data URLs: `data:,` and the bytes as the dataurl library's Escape
 * gives them (RFC 2396 unreserved characters kept, upper-case %XX), in
 * url.URL's opaque form, which keeps it.
 */
export function ctDataUrl(bytes: Uint8Array): string {
  return `data:,${dataUrlEscape(bytes)}`;
}

export function ctDataUrlString(text: string): string {
  return ctDataUrl(new TextEncoder().encode(text));
}
