/**
 * Every issue code that src/source emits, with a one-line summary.
 * docs/errors.md lists the same codes (codes.test.ts keeps the three
 * in step: this table, the docs, and the codes used in the sources).
 */
export const SOURCE_ISSUE_CODES = {
  SRC_INPUT_TOO_LARGE: 'The input is larger than the size limit (opts.maxBytes, default 64 MiB); it was not parsed.',
  SRC_NESTING_TOO_DEEP: 'Collections are nested deeper than the depth limit (opts.maxDepth, default 1000).',
  SRC_INTERNAL_ERROR: 'The parser failed unexpectedly (a bug in Hull: please report it); the message says how.',
  SRC_YAML_SYNTAX: 'The text is not valid YAML.',
  SRC_YAML_NO_NODE_CONTENT:
    'The first YAML document begins with the end marker `...` (no `---` and nothing before it); go-yaml finds no node content there (ct, Butane: "did not find expected node content").',
  SRC_YAML_TAB_INDENT: 'A tab character is used where YAML requires indentation spaces.',
  SRC_YAML_UNTERMINATED: 'A quoted string or flow collection ([...] or {...}) is never closed.',
  SRC_YAML_INVALID_UTF8:
    'The YAML text is not valid UTF-8; go-yaml\'s message says how ("invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence", ...). Nothing is replaced by U+FFFD.',
  SRC_YAML_CONTROL_CHAR: 'The text contains a control character that YAML does not allow.',
  SRC_YAML_INCOMPATIBLE_VERSION:
    'A %YAML directive asks for a YAML version other than 1.1 (go-yaml v3 accepts only 1.1).',
  SRC_YAML_DUPLICATE_KEY: 'A mapping defines the same key twice.',
  SRC_YAML_UNKNOWN_ANCHOR: 'An alias (*name) refers to an anchor (&name) that is not defined before it.',
  SRC_YAML_ALIAS_CYCLE: "An anchor's value contains an alias to itself.",
  SRC_YAML_ALIAS_LIMIT: 'Aliases expand to too much data (a "billion laughs" document); expansion was stopped.',
  SRC_YAML_MERGE_INVALID: 'A merge key (<<) has a value that is not a mapping or a sequence of mappings.',
  SRC_YAML_INVALID_KEY: 'A mapping key is a mapping or a sequence; keys must be scalars.',
  SRC_YAML_TAG_MISMATCH: 'A scalar does not match its explicit tag (e.g. !!int abc), or !!binary data is not base64.',
  SRC_YAML_MULTIPLE_DOCUMENTS:
    "The text holds more than one YAML document; only the first is used (an error with multiDocument: 'error').",
  SRC_JSON_SYNTAX: 'The text is not valid JSON.',
  SRC_JSON_DUPLICATE_KEY: 'A JSON object defines the same key twice.',
  SRC_TYPE_MISMATCH:
    'A value has the wrong type for its field (e.g. a quoted "0644" where an integer is expected) or is out of range for it.',
} as const;

export type SourceIssueCode = keyof typeof SOURCE_ISSUE_CODES;
