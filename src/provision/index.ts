/** provision/: the provisioning engine (Ignition's job) over ports. The only door into this area. */
export { PROVISION_ISSUE_CODES, type ProvisionIssueCode } from './codes.js';
export type {
  FileAttrs,
  TargetFs,
  NodeStat,
  NodeKind,
  Fetcher,
  FetchRequest,
  FetchedBody,
  Codec,
  Hasher,
  ProcessRunner,
  ProcessResult,
  ProvisionPorts,
} from './ports.js';
export {
  provision,
  STAGES,
  type ProvisionResult,
  type ProvisionOptions,
  type StageResult,
  type StageName,
} from './engine.js';
export { planOf, type PlannedOp } from './plan.js';
export type { OpEvent } from './run-log.js';
export { RunLog } from './run-log.js';
export type { EngineConfig } from './config-shape.js';
export { cleanPath, cleanParts, resolveParents, resolveFull } from './target-path.js';
export { decodeDataUrl, dataUrlChunks } from './data-url.js';
export { DEFAULT_MAX_RESOURCE_BYTES, MAX_CONFIG_BYTES, DEFAULT_TIMEOUTS } from './resource.js';
export { MAX_CONFIG_DEPTH, MAX_CONFIG_FETCHES } from './resolve-config.js';
export {
  efiSystemCommands,
  imageFilesystems,
  mkfsCommands,
  runTool,
  type MkfsTarget,
  type ImageFilesystem,
  type ImageTarget,
} from './image.js';
