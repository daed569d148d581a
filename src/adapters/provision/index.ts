/** The door of src/adapters/provision: what other areas of src/ import from it (scripts/check-layers.ts). */
export { openImageTarget } from './image-target.js';
export { NodeProcessRunner, hostPath, rootPorts } from './node-ports.js';
