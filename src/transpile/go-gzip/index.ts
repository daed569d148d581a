/**
 * Gzip as Go's compress/gzip writes it at BestCompression, byte for byte
 * (Butane's gzip data URLs). Pure TypeScript, no zlib.
 */
export { goGzip } from './gzip.js';
export { deflateBest } from './deflate.js';
