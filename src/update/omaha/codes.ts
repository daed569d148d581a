/**
 * Codes of the Omaha request codec (documented in docs/errors.md, "omaha: the
 * Omaha protocol codec"). A request that gets one of these is answered with an
 * Omaha error response (HTTP 200, see errorResponse), never stored.
 */
export const OMAHA_ISSUE_CODES = {
  OMAHA_TOO_LARGE: 'The request body is larger than the codec accepts (64 KiB by default); it was not parsed.',
  OMAHA_NOT_XML:
    'The request body is not well-formed UTF-8 XML (broken markup, an undefined entity, a character XML does not allow, a second root element).',
  OMAHA_DOCTYPE_FORBIDDEN:
    'The request holds a <!DOCTYPE or <!ENTITY declaration; they are refused before parsing, so no entity is ever expanded.',
  OMAHA_NOT_REQUEST: 'The root element is not <request>.',
  OMAHA_WRONG_PROTOCOL: 'The <request> protocol attribute is missing or is not "3.0".',
  OMAHA_NO_APP: 'The <request> holds no <app> element.',
  OMAHA_MISSING_APPID: 'An <app> element has no appid attribute, or an empty one.',
  OMAHA_BAD_EVENT:
    'An <event> has an eventtype or eventresult that is missing or not a non-negative integer, or an errorcode that is not a 32-bit integer.',
} as const;

export type OmahaCodecErrorCode = keyof typeof OMAHA_ISSUE_CODES;
