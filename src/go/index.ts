/**
 * Go-compatible behaviour the config path and the disk tools copy from the Go
 * tools they match: semver (coreos/go-semver), path.Clean/Join/Ext, net/url
 * (Parse, URL.String), strconv.Quote, base64 and data URLs, errno texts, CRC-32. Pure: imports nothing of Hull but core.
 * This file is the area's only door.
 */
export { crc32 } from './crc32.js';
export { pathClean, pathExt, pathJoin } from './path.js';
export { normalizeSemverStrict, parseGoSemver, parseSemver, semverLess, semverString, type Semver } from './semver.js';
export { goQuote } from './quote.js';
export { goUrlParse, goUrlParseError, parseGoUrl, type GoUrl, type GoUrlParse } from './url.js';
export { base64Decode, base64DecodeError, base64Encode } from './base64.js';
export { dataUrlError, dataUrlEscape } from './data-url.js';
export { goErrnoText, goPathError } from './errno.js';
export { goPathEscape, goUrlString } from './url-string.js';
