/** The door of src/adapters/node: what other areas of src/ import from it (scripts/check-layers.ts). */
export { ensureFirstAdminToken } from './admin-token-file.js';
export { bzip2Process, defaultBzip2Parallelism } from './bzip2-process.js';
export { wasmBunzip } from './bzip2-wasm.js';
export { limitConnections } from './connection-limits.js';
export { errnoCode, errnoText } from './errno-text.js';
export { readExtFile } from './ext2-release.js';
export { openFileLimit } from './fd-limit.js';
export { fileChunks } from './file-chunks.js';
export { openFileSource } from './file-source.js';
export { nodeFilesDir, readFileGo, writeFileGo } from './files-dir.js';
export { fleetLockRequest } from './fleetlock-client.js';
export { freePort } from './free-port.js';
export { httpRequest, networkReason, readTokenFile } from './http-client.js';
export type { HttpAnswer, HttpRequest } from './http-client.js';
export { drainable } from './http-drain.js';
export type { Drainable } from './http-drain.js';
export { newId } from './ids.js';
export { exportFileChunks, getBytes, readEventStream } from './journal-io.js';
export {
  checkUploadHead,
  createJournalReceiverServer,
  handleJournalUpload,
  readReceiverTls,
} from './journal-receiver.js';
export type { JournalReceiverDeps, ReceiverMetrics } from './journal-receiver.js';
export { readMachineId } from './machine-id.js';
export { openPackageFiles } from './package-files.js';
export type { PackageFiles, ReceivedFile } from './package-files.js';
export { nodePayloadCrypto } from './payload-crypto.js';
export { openPayloadOutput } from './payload-output.js';
export type { PayloadOutput } from './payload-output.js';
export { rsaPayloadSigner } from './payload-signer.js';
export { readHead } from './read-bytes.js';
export { readInputBytes, readJsonInput, tooLargeText } from './read-input.js';
export { machineRebootManager } from './reboot-manager.js';
export { systemReboot } from './system-reboot.js';
export { TOKEN_PATTERN, hashTokenSecret, newTokenSecret, sameHash, tokenPrefix } from './token-secret.js';
export { TRANSPILE_POOL_DEFAULTS, TranspilePool, defaultTranspileWorkers } from './transpile-pool.js';
export { webFiles } from './web-files.js';
export type { WebFiles } from './web-files.js';
export { writeAtomic } from './write-atomic.js';
