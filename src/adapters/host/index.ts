/** The door of src/adapters/host: what other areas of src/ import from it (scripts/check-layers.ts). */
export { bootImage } from './boot.js';
export { debugfsReader } from './ext2-debugfs.js';
export { readBootRecord } from './host-root.js';
