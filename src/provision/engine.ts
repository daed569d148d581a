/**
 * The provisioning engine over a root directory: fetch (read the config, follow
 * merge/replace) → files stage as Ignition 2.x runs it (users and groups,
 * then filesystem entries, then units). An invalid config applies nothing; a
 * failing operation stops its stage and the run.
 */
import { AppError, Report, toAppError, type AppErrorCode, type ProgressEvent } from '../core/index.js';
import type { EngineConfig } from './config-shape.js';
import { planOf, rootTargetIssues, type PlannedOp } from './plan.js';
import type { ProvisionPorts } from './ports.js';
import type { TranslationRules } from '../ignition/index.js';
import { resolveConfig } from './resolve-config.js';
import { RunLog, type OpEvent } from './run-log.js';
import { existingFilesystems, fillFilesystems, freshRoot, imageFilesystems, type ImageFilesystem, type ImageTarget } from './image.js';
import { BASE_OP, writeFlatcarBase } from './flatcar-base.js';
import { runFilesEntries } from './stage-files.js';
import { applyPartitions } from './partition.js';
import type { GptTable } from '../disk/index.js';
import { mkdirAll } from './node-ops.js';
import { dirname, resolveParents } from './target-path.js';
import { fetchContext, type FetchContext } from './resource.js';
import { runUnits } from './stage-units.js';
import { runUsers } from './stage-users.js';
import { countingFetcher } from './progress-fetcher.js';

export type StageName = 'fetch' | 'disks' | 'filesystems' | 'users' | 'files' | 'units';
/**
 * The stages in the order they run. On an image, users, files and units fill a
 * staging tree first; only then is the image written: its partition table
 * (disks), then the filesystems, made and filled from that tree. So a failure
 * before `disks` leaves the image as it was.
 */
export const STAGES: readonly StageName[] = ['fetch', 'users', 'files', 'units', 'disks', 'filesystems'];

export interface StageResult {
  readonly stage: StageName;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly error?: { code: AppErrorCode; message: string };
}

export interface ProvisionResult {
  readonly ok: boolean;
  readonly report: Report;
  readonly stages: StageResult[];
  readonly plan: PlannedOp[];
  readonly events: OpEvent[];
  readonly config?: EngineConfig;
}

export interface ProvisionOptions {
  readonly dryRun?: boolean;
  readonly onEvent?: (e: OpEvent) => void;
  /** Progress for a status line: each operation's start and end, and the bytes of every fetched resource as they are read. */
  readonly onProgress?: (e: ProgressEvent) => void;
  /** A path inside the target where the fetched (merged) config is cached, as JSON, mode 0600. */
  readonly configCache?: string;
  /** Provision a disk image: ports.fs is the staging root; filesystems are made and filled after the units stage. */
  readonly image?: ImageTarget;
  /** The bound of each file's contents or append, fetched and decompressed (default DEFAULT_MAX_RESOURCE_BYTES, 4 GiB). */
  readonly maxFetchBytes?: number;
  /** On an image: remake filesystems that exist, as if each had wipeFilesystem: true (`--force`). */
  readonly force?: boolean;
  /** For 2.x configs: which real translator's rules (docs/ignition.md); default `flatcar`, as Flatcar boots them. */
  readonly rules?: TranslationRules;
}

export async function provision(text: string, ports: ProvisionPorts, opts: ProvisionOptions = {}): Promise<ProvisionResult> {
  const progress = opts.onProgress;
  if (progress) ports = { ...ports, fetcher: countingFetcher(ports.fetcher, progress) };
  const log = new RunLog(progress
    ? (e) => {
      opts.onEvent?.(e);
      progress({ kind: e.status === 'start' ? 'start' : 'end', stage: e.stage, step: e.op });
    }
    : opts.onEvent);
  const stages: StageResult[] = [];
  const finish = (ok: boolean, report: Report, plan: PlannedOp[], config?: EngineConfig): ProvisionResult => {
    for (const s of STAGES) if (!stages.some((x) => x.stage === s)) stages.push({ stage: s, status: 'skipped' });
    stages.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
    return config ? { ok, report, stages, plan, events: log.events, config } : { ok, report, stages, plan, events: log.events };
  };
  let resolved;
  try {
    resolved = await resolveConfig(text, { fetcher: ports.fetcher, codec: ports.codec, log, ...(opts.rules ? { rules: opts.rules } : {}) });
  } catch (err) {
    const e = toAppError(err, 'fetching the config');
    stages.push({ stage: 'fetch', status: 'failed', error: { code: e.code, message: e.message } });
    return finish(false, Report.empty, []);
  }
  let report = resolved.report;
  const cfg = resolved.config;
  let filesystems: ImageFilesystem[] = [];
  let newTable: GptTable | undefined;
  if (cfg !== undefined && !opts.image) report = report.merge(new Report(rootTargetIssues(cfg)));
  if (cfg !== undefined && opts.image) {
    const disk = cfg.storage?.disks?.[0];
    let table = opts.image.table;
    try {
      if (disk) table = applyPartitions(table, disk, opts.image.random);
    } catch (err) {
      const e = toAppError(err, 'partitioning the image');
      stages.push({ stage: 'fetch', status: 'ok' }, { stage: 'disks', status: 'failed', error: { code: e.code, message: e.message } });
      return finish(false, report, [], cfg);
    }
    newTable = disk || opts.image.isNew ? table : undefined;
    const im = imageFilesystems(cfg, table);
    filesystems = im.list;
    report = report.merge(new Report(im.issues), new Report(rootTargetIssues({ ...cfg, storage: { ...cfg.storage, filesystems: [], disks: [], raid: [], luks: [] } })));
  }
  if (cfg === undefined || report.isFatal()) {
    stages.push({ stage: 'fetch', status: 'failed', error: { code: 'INPUT_INVALID', message: 'the config is invalid; nothing was applied' } });
    return finish(false, report, []);
  }
  let fetchCtx: FetchContext = {};
  if (!opts.dryRun) {
    try {
      fetchCtx = await fetchContext(cfg, ports.fetcher, ports.codec, opts.maxFetchBytes);
    } catch (err) {
      const e = toAppError(err, 'fetching the certificate authorities');
      stages.push({ stage: 'fetch', status: 'failed', error: { code: e.code, message: e.message } });
      return finish(false, report, [], cfg);
    }
  }
  if (opts.configCache !== undefined && !opts.dryRun) {
    try {
      await log.op('fetch', `caching the config at "${opts.configCache}"`, () => cacheConfig(ports, opts.configCache!, cfg));
    } catch (err) {
      const e = toAppError(err, 'caching the config');
      stages.push({ stage: 'fetch', status: 'failed', error: { code: e.code, message: e.message } });
      return finish(false, report, [], cfg);
    }
  }
  stages.push({ stage: 'fetch', status: 'ok' });
  if (opts.image) {
    // Nothing is destroyed by surprise: a filesystem that exists is remade only when the config says wipeFilesystem (or --force).
    let refused: AppError | undefined;
    try {
      refused = await existingFilesystems(filesystems, opts.image, opts.force === true);
    } catch (err) {
      refused = toAppError(err, 'reading the image');
    }
    if (refused) {
      stages.push({ stage: 'filesystems', status: 'failed', error: { code: refused.code, message: refused.message } });
      return finish(false, report, [], cfg);
    }
  }
  // A ROOT filesystem this run makes starts from an empty staging tree: it gets the
  // account files a Flatcar ROOT holds when Ignition runs on first boot (D16).
  const seedBase = opts.image !== undefined && freshRoot(filesystems);
  const plan = [
    ...(seedBase ? [{ stage: 'users' as const, op: BASE_OP }] : []),
    ...planOf(cfg),
    ...filesystems.map((f) => ({ stage: 'filesystems' as const, op: `make ${f.format}${f.label ? ` (label ${f.label})` : ''} on partition ${f.partition}${f.path ? `, filled from ${f.path}` : ''}`, path: f.device })),
  ];
  if (opts.dryRun) return finish(true, report, plan, cfg);
  const run: [StageName, () => Promise<void>][] = [
    ['users', async () => {
      if (seedBase && (await ports.fs.readdir('/')).length === 0) await log.op('users', BASE_OP, () => writeFlatcarBase(ports.fs));
      await runUsers(cfg, ports, log);
    }],
    ['files', () => runFilesEntries(cfg, ports, log, fetchCtx)],
    ['units', () => runUnits(cfg, ports, log)],
  ];
  for (const [stage, f] of run) {
    try {
      await f();
      stages.push({ stage, status: 'ok' });
    } catch (err) {
      const e = toAppError(err, `running the ${stage} stage`);
      stages.push({ stage, status: 'failed', error: { code: e.code, message: e.message } });
      return finish(false, report, plan, cfg);
    }
  }
  if (opts.image) {
    try {
      const t = newTable;
      if (t) await log.op('disks', `writing the partition table of ${opts.image.name ?? opts.image.image} (${t.partitions.length} partitions)`, () => opts.image!.writeTable(t));
      stages.push({ stage: 'disks', status: 'ok' });
    } catch (err) {
      const e = toAppError(err, 'partitioning the image');
      stages.push({ stage: 'disks', status: 'failed', error: { code: e.code, message: e.message } });
      return finish(false, report, plan, cfg);
    }
    const r = await fillFilesystems(filesystems, opts.image, ports, log);
    stages.push(r);
    if (r.status === 'failed') return finish(false, report, plan, cfg);
  }
  return finish(true, report, plan, cfg);
}

async function cacheConfig(ports: ProvisionPorts, at: string, cfg: EngineConfig): Promise<void> {
  const path = await resolveParents(ports.fs, at);
  await mkdirAll(ports.fs, dirname(path));
  await ports.fs.writeFile(path, new TextEncoder().encode(JSON.stringify(cfg) + '\n'));
  await ports.fs.chmod(path, 0o600);
}
