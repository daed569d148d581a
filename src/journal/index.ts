export * from './entry.js';
export * from './field-name.js';
export * from './printable.js';
export * from './bytes.js';
export * from './export-parser.js';
export * from './export-writer.js';
export * from './json.js';
export * from './output.js';
