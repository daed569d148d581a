import { Command } from 'commander';
import { pino, type Logger } from 'pino';
import {
  dbTokenRepository,
  openStore,
  dbFleetLockGroups,
  dbJournalRepository,
  dbKvStore,
  dbUpdateRepository,
} from '../../adapters/db/index.js';
import {
  ensureFirstAdminToken,
  openFileLimit,
  drainable,
  type Drainable,
  newId,
  openPackageFiles,
  defaultTranspileWorkers,
  TRANSPILE_POOL_DEFAULTS,
  TranspilePool,
  createJournalReceiverServer,
  readReceiverTls,
  type JournalReceiverDeps,
} from '../../adapters/node/index.js';
import { packageInfo } from '../../adapters/process/index.js';
import { AppError, systemClock, toAppError } from '../../core/index.js';
import { LocalJournalTail } from '../../journal/index.js';
import {
  parseAge,
  startJournalRetention,
  type JournalRetentionSettings,
  startRetention,
  buildApp,
  humanLogSink,
  parseListenAddress,
  recordStart,
  DEFAULT_LIMITS,
  defaultMaxConnections,
  parseCount,
  parseDuration,
  type ServerLimits,
} from '../../http/index.js';
import { etcdV3KvStore, parseEtcdEndpoints, type EtcdV3KvStore } from '../../adapters/etcd/index.js';
import { parseSize } from './disk-io.js';
import type { CliContext } from '../context.js';
import { envName, option, storeLocation, storeOptions } from '../store-options.js';

interface ServeOptions {
  listen: string;
  dataDir: string;
  database?: string;
  logLevel: string;
  logFormat: 'auto' | 'text' | 'json';
  maxConnections?: string;
  maxConnectionsPerIp: string;
  headersTimeout: string;
  requestTimeout: string;
  shutdownTimeout: string;
  transpileWorkers?: string;
  transpileQueue: string;
  transpileTimeout: string;
  transpileMemory: string;
  publicUrl?: string;
  maxPackageSize: string;
  retentionDays: string;
  fleetlockEtcd?: string;
  fleetlockEtcdCafile?: string;
  fleetlockEtcdCertfile?: string;
  fleetlockEtcdKeyfile?: string;
  fleetlockEtcdUsername?: string;
  fleetlockEtcdPassword?: string;
  journalListen?: string;
  journalTlsCert?: string;
  journalTlsKey?: string;
  journalTlsCa?: string;
  journalIdentity: 'peer' | 'required';
  journalMaxAge: string;
  journalMaxBytes: string;
  journalHostMaxBytes: string;
}

/**
 * Connections the kernel may hold completed for accept() (Node's default is
 * 511; Linux caps it at net.core.somaxconn). A burst of connections from one
 * client (most of them then refused by the per-address cap) must not fill the
 * queue, or other clients' connections wait for SYN retries (1 s, 3 s, ...).
 */
const LISTEN_BACKLOG = 4096;

type Server = ReturnType<typeof createJournalReceiverServer>;

const seconds = (ms: number) => `${ms / 1000}s`;

export function command(ctx: CliContext): Command {
  const cmd = new Command('serve').description('run the Hull server: HTTP API, web pages and the store');
  for (const opt of [
    option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080'),
    ...storeOptions(),
    option('--log-level <level>', 'least severe log level written', 'info').choices([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'silent',
    ]),
    option(
      '--log-format <format>',
      'text: lines for a person; json: one JSON object a line; auto: text on a terminal, else json',
      'auto',
    ).choices(['auto', 'text', 'json']),
    option('--max-connections <n>', 'connections held at once, in all (default: the open-file limit less a reserve)'),
    option(
      '--max-connections-per-ip <n>',
      'connections held at once from one client address; 0: no cap',
      String(DEFAULT_LIMITS.maxConnectionsPerIp),
    ),
    option(
      '--headers-timeout <duration>',
      "time to receive a request's headers",
      seconds(DEFAULT_LIMITS.headersTimeoutMs),
    ),
    option('--request-timeout <duration>', 'time to receive a whole request', seconds(DEFAULT_LIMITS.requestTimeoutMs)),
    option(
      '--shutdown-timeout <duration>',
      'on SIGTERM/SIGINT, time for requests in flight to finish',
      seconds(DEFAULT_LIMITS.shutdownTimeoutMs),
    ),
    option('--transpile-workers <n>', 'worker threads for POST /api/v1/transpile (default: CPUs less one, at least 1)'),
    option(
      '--transpile-queue <n>',
      'transpiles that may wait for a worker; more answer 503 SERVER_BUSY',
      String(TRANSPILE_POOL_DEFAULTS.queue),
    ),
    option(
      '--transpile-timeout <duration>',
      'run time one transpile may use',
      seconds(TRANSPILE_POOL_DEFAULTS.timeoutMs),
    ),
    option('--transpile-memory <MiB>', 'heap one transpile worker may use', String(TRANSPILE_POOL_DEFAULTS.memoryMb)),
    option(
      '--public-url <url>',
      'base URL machines reach this server at, for hosted payloads (default: the Host of each request)',
    ),
    option('--max-package-size <size>', 'largest payload file an upload may send, e.g. 2GiB', '4GiB'),
    option(
      '--retention-days <days>',
      'hide machines not seen for this many days, delete events and activity older; 0: keep everything',
      '90',
    ),
    option(
      '--fleetlock-etcd <urls>',
      "keep the FleetLock semaphores on etcd v3 (comma-separated member URLs; airlock's keys) instead of in the store",
    ),
    option('--fleetlock-etcd-cafile <file>', 'CA certificate (PEM) to check the etcd members with (TLS)'),
    option('--fleetlock-etcd-certfile <file>', 'client certificate (PEM) for etcd; needs --fleetlock-etcd-keyfile'),
    option('--fleetlock-etcd-keyfile <file>', "the client certificate's key (PEM)"),
    option('--fleetlock-etcd-username <name>', 'etcd user (etcd authentication)'),
    option('--fleetlock-etcd-password <password>', "the etcd user's password (better: HULL_FLEETLOCK_ETCD_PASSWORD)"),
    option(
      '--journal-listen <host:port>',
      `the journal receiver's own port, as systemd-journal-remote's (POST /upload also works on --listen); off: none (default: --listen's host, port ${JOURNAL_PORT})`,
    ),
    option(
      '--journal-tls-cert <file>',
      'serve the journal port over HTTPS with this certificate (PEM); needs --journal-tls-key',
    ),
    option('--journal-tls-key <file>', "the journal port's certificate key (PEM)"),
    option(
      '--journal-tls-ca <file>',
      "CA certificates (PEM) to verify uploaders' client certificates with; a verified client's CN is its host name",
    ),
    option(
      '--journal-identity <rule>',
      'peer: an upload without a token or verified certificate is named by its peer address; required: refuse it (401)',
      'peer',
    ).choices(['peer', 'required']),
    option('--journal-max-age <age>', 'delete journal entries older than this (e.g. 30d, 12h); 0: no age limit', '0'),
    option(
      '--journal-max-bytes <size>',
      'delete the oldest journal entries past this much data in all (e.g. 50GiB); 0: no limit',
      '0',
    ),
    option(
      '--journal-host-max-bytes <size>',
      "delete a host's oldest journal entries past this much data (e.g. 2GiB); 0: no limit",
      '0',
    ),
  ]) {
    cmd.addOption(opt);
  }
  return cmd
    .addHelpText(
      'after',
      '\nEach option may be set in the environment instead: HULL_LISTEN, HULL_DATA_DIR, HULL_DATABASE, … (HULL_ and the\noption in capitals); a flag on the command line wins. See docs/server.md.',
    )
    .action(async (opts: ServeOptions, self: Command) => {
      // A value from the environment is named by its variable in messages.
      const label = (key: string, flag: string) => (self.getOptionValueSource(key) === 'env' ? envName(flag) : flag);
      const { database } = storeLocation(opts, ctx);
      await serve(ctx, { ...opts, database }, label);
    });
}

interface Settings {
  readonly limits: ServerLimits;
  readonly shutdownTimeoutMs: number;
  readonly transpile: { workers: number; queue: number; timeoutMs: number; memoryMb: number };
  readonly fileLimit: number | undefined;
  readonly publicUrl: string | undefined;
  readonly maxPackageBytes: number;
  readonly retentionDays: number;
  /** --fleetlock-etcd's endpoints; undefined: the semaphores live in the store. */
  readonly fleetlockEtcd: string[] | undefined;
  /** The journal port; undefined: off. `explicit`: a failure to listen is fatal (else a warning). */
  readonly journalListen: { host: string; port: number; explicit: boolean } | undefined;
  readonly journalRetention: JournalRetentionSettings;
}

/** The flags as numbers; USAGE for a malformed one. */
function settings(opts: ServeOptions, label: Label): Settings {
  const fileLimit = openFileLimit();
  const limits: ServerLimits = {
    maxConnections:
      opts.maxConnections === undefined
        ? defaultMaxConnections(fileLimit)
        : parseCount(opts.maxConnections, label('maxConnections', '--max-connections')),
    maxConnectionsPerIp: parseCount(
      opts.maxConnectionsPerIp,
      label('maxConnectionsPerIp', '--max-connections-per-ip'),
      0,
    ),
    headersTimeoutMs: parseDuration(opts.headersTimeout, label('headersTimeout', '--headers-timeout')),
    requestTimeoutMs: parseDuration(opts.requestTimeout, label('requestTimeout', '--request-timeout')),
  };
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new AppError(
      'USAGE',
      `${label('requestTimeout', '--request-timeout')} (${opts.requestTimeout}) must be at least ${label('headersTimeout', '--headers-timeout')} (${opts.headersTimeout})`,
    );
  }
  const publicUrl =
    opts.publicUrl === undefined || opts.publicUrl === '' ? undefined : opts.publicUrl.replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) {
    throw new AppError(
      'USAGE',
      `${label('publicUrl', '--public-url')} must be an http:// or https:// URL, not ${JSON.stringify(opts.publicUrl)}`,
    );
  }
  return {
    limits,
    fileLimit,
    publicUrl,
    maxPackageBytes: parseSize(opts.maxPackageSize, label('maxPackageSize', '--max-package-size')),
    retentionDays: parseCount(opts.retentionDays, label('retentionDays', '--retention-days'), 0),
    fleetlockEtcd:
      opts.fleetlockEtcd === undefined || opts.fleetlockEtcd === ''
        ? undefined
        : parseEtcdEndpoints(opts.fleetlockEtcd, label('fleetlockEtcd', '--fleetlock-etcd')),
    shutdownTimeoutMs: parseDuration(opts.shutdownTimeout, label('shutdownTimeout', '--shutdown-timeout')),
    journalListen: journalListen(opts),
    journalRetention: {
      maxAgeMs: parseAge(opts.journalMaxAge, label('journalMaxAge', '--journal-max-age')),
      maxBytes: parseSize(opts.journalMaxBytes, label('journalMaxBytes', '--journal-max-bytes')),
      hostMaxBytes: parseSize(opts.journalHostMaxBytes, label('journalHostMaxBytes', '--journal-host-max-bytes')),
    },
    transpile: {
      workers:
        opts.transpileWorkers === undefined
          ? defaultTranspileWorkers()
          : parseCount(opts.transpileWorkers, label('transpileWorkers', '--transpile-workers')),
      queue: parseCount(opts.transpileQueue, label('transpileQueue', '--transpile-queue'), 0),
      timeoutMs: parseDuration(opts.transpileTimeout, label('transpileTimeout', '--transpile-timeout')),
      memoryMb: parseCount(opts.transpileMemory, label('transpileMemory', '--transpile-memory'), 16),
    },
  };
}

type Label = (key: string, flag: string) => string;

function journalListen(opts: ServeOptions): Settings['journalListen'] {
  if (opts.journalListen === 'off') return undefined;
  if (opts.journalListen !== undefined && opts.journalListen !== '')
    return { ...parseListenAddress(opts.journalListen), explicit: true };
  return { host: parseListenAddress(opts.listen).host, port: JOURNAL_PORT, explicit: false };
}

/** journal-remote's port: an unchanged `systemd-journal-upload --url=http://server` posts there. */
const JOURNAL_PORT = 19532;

async function serve(ctx: CliContext, opts: ServeOptions, label: Label): Promise<void> {
  const address = parseListenAddress(opts.listen);
  const config = settings(opts, label);
  const human = opts.logFormat === 'text' || (opts.logFormat === 'auto' && ctx.stdoutIsTTY);
  const destination = human
    ? humanLogSink((text) => ctx.stdout.write(text))
    : pino.destination({ dest: 1, sync: true });
  const logger = pino({ name: 'hull', level: opts.logLevel }, destination);
  if (config.fileLimit !== undefined && config.limits.maxConnections >= config.fileLimit) {
    logger.warn(
      { maxConnections: config.limits.maxConnections, fileLimit: config.fileLimit },
      '--max-connections is not below the open-file limit: accept() may fail with EMFILE',
    );
  }
  const { version } = packageInfo();
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.database, logger });
  let pool: TranspilePool | undefined;
  let etcd: EtcdV3KvStore | undefined;
  let journalServer: Server | undefined;
  try {
    const facts = await recordStart(store, version, newId);
    const tokens = dbTokenRepository(store, systemClock);
    await ensureFirstAdminToken(opts.dataDir, tokens, logger);
    pool = new TranspilePool({
      ...config.transpile,
      onWorkerReplaced: (reason, detail) => logger.warn({ reason, detail }, 'transpile worker replaced'),
    });
    const packageFiles = await openPackageFiles(opts.dataDir);
    const swept = await packageFiles.sweep();
    if (swept > 0) logger.info({ removed: swept, dir: packageFiles.root }, 'removed unfinished package uploads');
    const repo = dbUpdateRepository(store);
    const update = {
      repo,
      maxPackageBytes: config.maxPackageBytes,
      ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    };
    etcd = await fleetLockEtcd(opts, config.fleetlockEtcd);
    const fleetlock = { kv: etcd ?? dbKvStore(store, systemClock), groups: dbFleetLockGroups(store, systemClock) };
    const journalRepo = dbJournalRepository(store);
    const journal = {
      repo: journalRepo,
      tail: new LocalJournalTail(),
      diskBytes: () => journalRepo.diskBytes(),
      receiver: { requireIdentity: opts.journalIdentity === 'required', log: logger },
    };
    const app = await buildApp({
      store,
      facts,
      logger,
      transpiler: pool,
      limits: config.limits,
      packageFiles,
      tokens,
      update,
      fleetlock,
      journal,
    });
    const server = drainable(app.server);
    try {
      await app.listen({ host: address.host, port: address.port, backlog: LISTEN_BACKLOG });
    } catch (err) {
      await app.close();
      const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new AppError('LISTEN_FAILED', `cannot listen on ${opts.listen}: ${reason}`, { cause: err });
    }
    const addr = app.server.address();
    const url =
      addr && typeof addr === 'object'
        ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`
        : String(addr);
    const journalPort = await listenJournal(opts, config, app.journalReceiver!, logger);
    journalServer = journalPort.server;
    const retention = startRetention(repo, systemClock, config.retentionDays, logger);
    const journalRetention = startJournalRetention(journalRepo, config.journalRetention, logger);
    logger.info(
      {
        url,
        store: store.dialect,
        fleetlock: config.fleetlockEtcd !== undefined ? 'etcd' : 'store',
        instance: facts.instanceId,
        version,
        limits: config.limits,
        transpile: config.transpile,
        fileLimit: config.fileLimit ?? null,
      },
      'hull listening',
    );
    // After the URL line, which a person (and a script) reads first.
    if (journalPort.unavailable)
      logger.warn(
        journalPort.unavailable,
        'the journal port is not available; uploads are taken on --listen only (POST /upload)',
      );
    const workers = pool;
    ctx.onSignal(
      async (signal) => {
        logger.info({ signal, deadlineMs: config.shutdownTimeoutMs }, 'shutting down');
        await stop(logger, app, server, workers, config.shutdownTimeoutMs);
        await closeJournal(journalServer);
        await retention.stop();
        await journalRetention.stop();
        etcd?.close();
        await store.close();
        logger.info('stopped');
      },
      // A last resort past the deadline, should closing the store hang.
      { timeoutMs: config.shutdownTimeoutMs + 5000 },
    );
  } catch (err) {
    await pool?.close().catch(() => {});
    await closeJournal(journalServer);
    etcd?.close();
    await store.close().catch(() => {});
    throw toAppError(err, 'starting the server');
  }
}

/**
 * Starts the journal receiver's own port (journal-remote's). No server when it is off, or when the
 * default port is taken (then `unavailable` says why, for a warning after the start line); a port
 * asked for explicitly that cannot be had is LISTEN_FAILED.
 */
async function listenJournal(
  opts: ServeOptions,
  config: Settings,
  deps: JournalReceiverDeps,
  logger: Logger,
): Promise<{ server?: Server; unavailable?: { host: string; port: number; reason: string } }> {
  const where = config.journalListen;
  if (where === undefined) return {};
  if ((opts.journalTlsCert === undefined) !== (opts.journalTlsKey === undefined)) {
    throw new AppError('USAGE', '--journal-tls-cert and --journal-tls-key go together');
  }
  const tls =
    opts.journalTlsCert !== undefined && opts.journalTlsKey !== undefined
      ? await readReceiverTls({
          cert: opts.journalTlsCert,
          key: opts.journalTlsKey,
          ...(opts.journalTlsCa !== undefined ? { ca: opts.journalTlsCa } : {}),
        })
      : undefined;
  const server = createJournalReceiverServer(deps, tls);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: where.host, port: where.port, backlog: LISTEN_BACKLOG }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    if (where.explicit)
      throw new AppError('LISTEN_FAILED', `cannot listen on --journal-listen ${opts.journalListen}: ${reason}`, {
        cause: err,
      });
    return { unavailable: { host: where.host, port: where.port, reason } };
  }
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : where.port;
  logger.info(
    {
      url: `${tls ? 'https' : 'http'}://${where.host.includes(':') ? `[${where.host}]` : where.host}:${port}`,
      clientCertificates: tls?.ca !== undefined,
    },
    'journal receiver listening',
  );
  return { server };
}

async function closeJournal(server: Server | undefined): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, 2000).unref();
  });
}

/** The etcd v3 KvStore the --fleetlock-etcd… flags ask for, or undefined: the store keeps the semaphores. */
async function fleetLockEtcd(opts: ServeOptions, endpoints: string[] | undefined): Promise<EtcdV3KvStore | undefined> {
  if (endpoints === undefined) return undefined;
  return etcdV3KvStore({
    endpoints,
    ...(opts.fleetlockEtcdCafile !== undefined ? { caFile: opts.fleetlockEtcdCafile } : {}),
    ...(opts.fleetlockEtcdCertfile !== undefined ? { certFile: opts.fleetlockEtcdCertfile } : {}),
    ...(opts.fleetlockEtcdKeyfile !== undefined ? { keyFile: opts.fleetlockEtcdKeyfile } : {}),
    ...(opts.fleetlockEtcdUsername !== undefined ? { username: opts.fleetlockEtcdUsername } : {}),
    ...(opts.fleetlockEtcdPassword !== undefined ? { password: opts.fleetlockEtcdPassword } : {}),
  });
}

/** Stops accepting, lets requests in flight finish until the deadline, then closes the app and the workers. */
async function stop(
  logger: Logger,
  app: Awaited<ReturnType<typeof buildApp>>,
  server: Drainable,
  pool: TranspilePool,
  deadlineMs: number,
): Promise<void> {
  const { destroyed } = await server.drain({ deadlineMs });
  if (destroyed > 0)
    logger.warn({ destroyed, deadlineMs }, 'shutdown deadline reached: connections still busy were closed');
  await app.close();
  await pool.close();
}
