/** The door of src/adapters/agent: what other areas of src/ import from it (scripts/check-layers.ts). */
export { systemAgentClock } from './clock.js';
export { askDaemon, serveControl } from './control-socket.js';
export type { ControlOp } from './control-socket.js';
export { filePayloadStore, filePrefs, removeIfExists, statusFile } from './files.js';
export { httpOmahaTransport, httpPayloadFetcher } from './http.js';
export { absolute, agentPaths } from './paths.js';
export { realHost } from './real-host.js';
export { markerPath, simulatedHost } from './simulated-host.js';
