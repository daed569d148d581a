/**
 * The provisioning engine over a root directory: fetch (read the config, follow
 * merge/replace) → files stage as Ignition 2.x runs it (users and groups,
 * then filesystem entries, then units). An invalid config applies nothing; a
 * failing operation stops its stage and the run.
 */
import { Report, toAppError, type AppErrorCode, type ProgressEvent } from '../core/index.js';
import type { EngineConfig } from './config-shape.js';
import { planOf, rootTargetIssues, type PlannedOp } from './plan.js';
import type { ProvisionPorts } from './ports.js';
import type { TranslationRules } from '../ignition/index.js';
import { resolveConfig } from './resolve-config.js';
import { RunLog, type OpEvent } from './run-log.js';
import {
  existingFilesystems,
  fillFilesystems,
  freshRoot,
  imageFilesystems,
  type ImageFilesystem,
  type ImageTarget,
} from './image.js';
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

export async function provision(
  text: string,
  ports: ProvisionPorts,
  opts: ProvisionOptions = {},
): Promise<ProvisionResult> {
  try {
    return await run(text, ports, opts);
  } finally {
    ports.fs.release?.();
  }
}

async function run(text: string, ports: ProvisionPorts, opts: ProvisionOptions): Promise<ProvisionResult> {
  const progress = opts.onProgress;
  if (progress) ports = { ...ports, fetcher: countingFetcher(ports.fetcher, progress) };
  const log = new RunLog(
    progress
      ? (e) => {
          opts.onEvent?.(e);
          progress({ kind: e.status === 'start' ? 'start' : 'end', stage: e.stage, step: e.op });
        }
      : opts.onEvent,
  );
  const stages: StageResult[] = [];
  const finish = (ok: boolean, report: Report, plan: PlannedOp[], config?: EngineConfig): ProvisionResult => {
    for (const s of STAGES) if (!stages.some((x) => x.stage === s)) stages.push({ stage: s, status: 'skipped' });
    stages.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
    return config
      ? { ok, report, stages, plan, events: log.events, config }
      : { ok, report, stages, plan, events: log.events };
  };
  /** One step of `stage`: a throw becomes the stage's failure (its code and message), recorded in `stages`. */
  const step = async <T>(
    stage: StageName,
    what: string,
    f: () => Promise<T> | T,
  ): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await f() };
    } catch (err) {
      const e = toAppError(err, what);
      stages.push({ stage, status: 'failed', error: { code: e.code, message: e.message } });
      return { ok: false };
    }
  };
  const resolved = await step('fetch', 'fetching the config', () =>
    resolveConfig(text, {
      fetcher: ports.fetcher,
      codec: ports.codec,
      log,
      ...(opts.rules ? { rules: opts.rules } : {}),
    }),
  );
  if (!resolved.ok) return finish(false, Report.empty, []);
  let report = resolved.value.report;
  const cfg = resolved.value.config;
  let filesystems: ImageFilesystem[] = [];
  let newTable: GptTable | undefined;
  if (cfg !== undefined && !opts.image) report = report.merge(new Report(rootTargetIssues(cfg)));
  if (cfg !== undefined && opts.image) {
    const image = opts.image;
    const disk = cfg.storage?.disks?.[0];
    const parted = await step('disks', 'partitioning the image', () =>
      disk ? applyPartitions(image.table, disk, image.random) : image.table,
    );
    if (!parted.ok) {
      stages.push({ stage: 'fetch', status: 'ok' });
      return finish(false, report, [], cfg);
    }
    const table = parted.value;
    newTable = disk || image.isNew ? table : undefined;
    const im = imageFilesystems(cfg, table);
    filesystems = im.list;
    report = report.merge(
      new Report(im.issues),
      new Report(
        rootTargetIssues({ ...cfg, storage: { ...cfg.storage, filesystems: [], disks: [], raid: [], luks: [] } }),
      ),
    );
  }
  if (cfg === undefined || report.isFatal()) {
    stages.push({
      stage: 'fetch',
      status: 'failed',
      error: { code: 'INPUT_INVALID', message: 'the config is invalid; nothing was applied' },
    });
    return finish(false, report, []);
  }
  let fetchCtx: FetchContext = {};
  if (!opts.dryRun) {
    const fetched = await step('fetch', 'fetching the certificate authorities', () =>
      fetchContext(cfg, ports.fetcher, ports.codec, opts.maxFetchBytes),
    );
    if (!fetched.ok) return finish(false, report, [], cfg);
    fetchCtx = fetched.value;
    const cache = opts.configCache;
    if (
      cache !== undefined &&
      !(
        await step('fetch', 'caching the config', () =>
          log.op('fetch', `caching the config at "${cache}"`, () => cacheConfig(ports, cache, cfg)),
        )
      ).ok
    ) {
      return finish(false, report, [], cfg);
    }
  }
  stages.push({ stage: 'fetch', status: 'ok' });
  if (opts.image) {
    // Nothing is destroyed by surprise: a filesystem that exists is remade only when the config says wipeFilesystem (or --force).
    const image = opts.image;
    const checked = await step('filesystems', 'reading the image', () =>
      existingFilesystems(filesystems, image, opts.force === true),
    );
    if (!checked.ok) return finish(false, report, [], cfg);
    if (checked.value) {
      stages.push({
        stage: 'filesystems',
        status: 'failed',
        error: { code: checked.value.code, message: checked.value.message },
      });
      return finish(false, report, [], cfg);
    }
  }
  // A ROOT filesystem this run makes starts from an empty staging tree: it gets the
  // account files a Flatcar ROOT holds when Ignition runs on first boot (D16).
  const seedBase = opts.image !== undefined && freshRoot(filesystems);
  const plan = [
    ...(seedBase ? [{ stage: 'users' as const, op: BASE_OP }] : []),
    ...planOf(cfg),
    ...filesystems.map((f) => ({
      stage: 'filesystems' as const,
      op: `make ${f.format}${f.label ? ` (label ${f.label})` : ''} on partition ${f.partition}${f.path ? `, filled from ${f.path}` : ''}`,
      path: f.device,
    })),
  ];
  if (opts.dryRun) return finish(true, report, plan, cfg);
  const run: [StageName, () => Promise<void>][] = [
    [
      'users',
      async () => {
        if (seedBase && (await ports.fs.readdir('/')).length === 0)
          await log.op('users', BASE_OP, () => writeFlatcarBase(ports.fs));
        await runUsers(cfg, ports, log);
      },
    ],
    ['files', () => runFilesEntries(cfg, ports, log, fetchCtx)],
    ['units', () => runUnits(cfg, ports, log)],
  ];
  if (opts.image) {
    const image = opts.image;
    run.push([
      'disks',
      async () => {
        const t = newTable;
        if (t)
          await log.op(
            'disks',
            `writing the partition table of ${image.name ?? image.image} (${t.partitions.length} partitions)`,
            () => image.writeTable(t),
          );
      },
    ]);
  }
  for (const [stage, f] of run) {
    if (!(await step(stage, stage === 'disks' ? 'partitioning the image' : `running the ${stage} stage`, f)).ok)
      return finish(false, report, plan, cfg);
    stages.push({ stage, status: 'ok' });
  }
  if (opts.image) {
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
