import type { JsonPath } from '../../../core/index.js';
import type { V3Features } from './features.js';
import type { V3Resource, V3Verification } from './shape.js';
import type { Sink } from '../common/sink.js';
import { parseGoUrl } from '../../../go/index.js';
import { validateUrl, validateUrlNilOK } from '../common/url.js';

const HASH_HEX_LENGTH: Record<string, number> = { sha512: 128, sha256: 64 };

/** Verification.Validate: `<function>-<sum>`, a known function, the right length; issues at `[...path, 'hash']`. */
export function checkVerification(v: V3Verification, path: JsonPath, f: V3Features, sink: Sink): void {
  if (v.hash === undefined) return;
  const dash = v.hash.indexOf('-');
  if (dash < 0) return sink.error('IGN_HASH_MALFORMED', [...path, 'hash']);
  const fn = v.hash.slice(0, dash);
  if (!f.hashes.includes(fn)) return sink.error('IGN_HASH_UNRECOGNIZED', [...path, 'hash']);
  if (v.hash.length - dash - 1 !== HASH_HEX_LENGTH[fn]) sink.error('IGN_HASH_WRONG_SIZE', [...path, 'hash']);
}

function checkCompression(res: V3Resource, path: JsonPath, sink: Sink): void {
  if (res.compression !== undefined && res.compression !== '' && res.compression !== 'gzip') {
    sink.error('IGN_COMPRESSION_INVALID', [...path, 'compression']);
  }
}

function checkVerificationSource(res: V3Resource, path: JsonPath, sink: Sink): void {
  if (res.verification.hash !== undefined && res.source === undefined) {
    sink.error('IGN_VERIFICATION_WITHOUT_SOURCE', [...path, 'verification', 'hash']);
  }
}

/**
 * Resource.Validate and its children (3.1+), or FileContents.Validate (3.0,
 * `kind: 'contents'`), or ConfigReference.Validate (3.0, `kind: 'reference'`).
 */
export function checkResource(
  res: V3Resource,
  path: JsonPath,
  f: V3Features,
  sink: Sink,
  kind: 'resource' | 'contents' | 'reference' = f.requiredSources ? 'resource' : 'contents',
): void {
  if (kind !== 'reference') {
    checkCompression(res, path, sink);
    checkVerificationSource(res, path, sink);
  }
  sink.onAt(path, 'source', validateUrlNilOK(res.source, f.schemes));
  const headers = res.httpHeaders ?? [];
  if (kind === 'resource' && headers.length > 0) {
    const u = res.source === undefined || res.source === '' ? undefined : parseGoUrl(res.source);
    if (u === undefined) sink.error('IGN_URL_INVALID', [...path, 'httpHeaders']);
    else if (u.scheme !== 'http' && u.scheme !== 'https')
      sink.error('IGN_HTTP_HEADERS_SCHEME', [...path, 'httpHeaders']);
  }
  headers.forEach((h, i) => {
    if (h.name === '') sink.error('IGN_HTTP_HEADER_NAME_EMPTY', [...path, 'httpHeaders', i, 'name']);
    if (h.value !== undefined && h.value === '')
      sink.error('IGN_HTTP_HEADER_VALUE_INVALID', [...path, 'httpHeaders', i, 'value']);
  });
  if (res.verification.hash !== undefined) checkVerification(res.verification, [...path, 'verification'], f, sink);
}

/** validateRequiredSource (3.1+ merge entries and CAs): a source, and a valid URL. */
export function checkRequiredSource(res: V3Resource, path: JsonPath, f: V3Features, sink: Sink): void {
  if (res.source === undefined || res.source === '') sink.error('IGN_SOURCE_REQUIRED', path);
  else sink.on(path, validateUrl(res.source, f.schemes));
}
