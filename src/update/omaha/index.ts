/**
 * The Omaha v3 protocol: the request and response model, the request parser,
 * the response writer and the helpers the update server identifies a machine
 * with. Pure (fast-xml-parser only). This folder's only door.
 */
export type * from './model.js';
export { OMAHA_ISSUE_CODES, type OmahaCodecErrorCode } from './codes.js';
export {
  parseRequest,
  DEFAULT_MAX_REQUEST_BYTES,
  type ParseRequestOptions,
  type ParseRequestResult,
} from './parse-request.js';
export { writeResponse, errorResponse, ERROR_APP_STATUS, type ErrorResponseOptions } from './write-response.js';
export {
  normalizeAppId,
  trackOf,
  archOf,
  isFakeInstanceId,
  isMachineIdFormat,
  isSyncerRequest,
  LEGACY_GROUPS,
  SYNCER_VERSION,
  type LegacyGroup,
} from './identify.js';
export {
  ACTION_EXIT_CODES,
  ERROR_FLAGS,
  ERROR_CODE_MASK,
  HTTP_RESPONSE_BASE,
  ROLLBACK_ERROR,
  splitErrorCode,
  errorFlagNames,
  errorCodeName,
  type ErrorFlagName,
} from './error-codes.js';
export { hexToBase64, base64ToHex, isCanonicalBase64, isOmahaSha256, isOmahaSha1, isSha256Hex } from './digest-text.js';
export { escapeAttributeValue, decodeAttributeValue } from './xml-text.js';
export {
  writeClientRequest,
  libxmlEscape,
  CLIENT_UPDATER_VERSION,
  type ClientIdentity,
  type ClientMessage,
  type InstallSource,
} from './client-request.js';
export {
  readClientResponse,
  responseSignature,
  type ClientResponse,
  type ClientResponseCode,
  type NoUpdate,
  type UpdateOffer,
  type ResponseRefused,
} from './client-response.js';
