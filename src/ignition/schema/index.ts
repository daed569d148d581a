export * from './dsl.js';
export { decode, zeroValue, TYPE_MISMATCH, UNUSED_KEY, NULL_OBJECT, type DecodeOutcome } from './decode.js';
export { toJsonSchema, type JsonSchema } from './json-schema.js';
export { goZero, type ZeroKind } from './zero.js';
export type { AnyOf } from './any-of.js';
