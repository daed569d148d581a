/**
 * Ignition spec 3.6.0 (config/v3_6/types/schema.go): the same structure as
 * 3.5; the difference is semantic (setuid/setgid/sticky mode bits are
 * honoured, custom clevis pins are no longer restricted). Frozen.
 */
export * from '../v3_5/schema.js';
