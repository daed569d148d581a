/** The door of src/adapters/disk: what other areas of src/ import from it (scripts/check-layers.ts). */
export { efiKernelTarget } from './efi-kernel.js';
export type { EfiKernelTarget } from './efi-kernel.js';
export { checkImageSize, createImage, openDevice, outputExists, removeImage } from './image-file.js';
export type { OpenedDevice } from './image-file.js';
export { randomBytes } from './random.js';
