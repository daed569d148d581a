/**
 * The update system: the Omaha protocol (omaha/), the update server's core
 * (server/), later payloads and the agent. This file is the area's only door.
 */
export * from './server/index.js';
export * as omaha from './omaha/index.js';
export { IDLE_STATUS, NoAnswerError, UpdateAgent, parseKeyValues, statusLines } from './agent/index.js';
export type {
  AgentClock,
  AgentStatus,
  AttemptOutcome,
  BootedSystem,
  Host,
  KernelTarget,
  OmahaTransport,
  OpenedDisk,
  PayloadFetcher,
  PayloadResponse,
  PayloadStore,
  Prefs,
  Reboot,
  RebootManager,
  RunResult,
  StatusSink,
} from './agent/index.js';
export {
  DEFAULT_MAX_REQUEST_BYTES,
  archOf,
  errorResponse,
  parseRequest,
  readClientResponse,
  trackOf,
  writeResponse,
} from './omaha/index.js';
export type { InstallSource, OmahaRequest, OmahaRequestApp, OmahaResponseApp } from './omaha/index.js';
export type { BlobSpool, Bzip2Compressor, PayloadSigner, PayloadSink, RandomAccessSource } from './payload/build.js';
export type { Sha256 } from './payload/crypto-port.js';
export {
  PayloadError,
  applyPayload,
  buildPayload,
  payloadFailure,
  regionOf,
  releaseVersion,
  summarizePayload,
  verifyPayload,
} from './payload/index.js';
export type {
  ApplyTarget,
  BuildProgress,
  BuildResult,
  BuiltInfo,
  Bunzip,
  PayloadCrypto,
  PayloadFailure,
  PayloadSummary,
  Procedure,
  VerifyOptions,
} from './payload/index.js';
export { POLICY_BOUNDS } from './server/policy-bounds.js';
