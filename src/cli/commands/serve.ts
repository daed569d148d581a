import { Command, Option } from 'commander';
import { pino } from 'pino';
import { openStore } from '../../adapters/db/index.js';
import { newId } from '../../adapters/node/ids.js';
import { packageInfo } from '../../adapters/node/package-info.js';
import { AppError, toAppError } from '../../core/index.js';
import { buildApp } from '../../http/app.js';
import { parseListenAddress } from '../../http/listen-address.js';
import { recordStart } from '../../http/server-facts.js';
import type { CliContext } from '../context.js';

interface ServeOptions {
  listen: string;
  dataDir: string;
  database?: string;
  logLevel: string;
}

export function command(ctx: CliContext): Command {
  return new Command('serve')
    .description('run the Hull server: HTTP API, web pages and the store')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--data-dir <dir>', 'directory for the SQLite store and other state', './hull-data')
    .addOption(
      new Option('--database <url>', 'use PostgreSQL (postgres://user@host:port/db) instead of SQLite').env(
        'HULL_DATABASE_URL',
      ),
    )
    .addOption(
      new Option('--log-level <level>', 'least severe log level written')
        .choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
        .default('info'),
    )
    .action(async (opts: ServeOptions) => {
      await serve(ctx, opts);
    });
}

async function serve(ctx: CliContext, opts: ServeOptions): Promise<void> {
  const address = parseListenAddress(opts.listen);
  const logger = pino({ name: 'hull', level: opts.logLevel }, pino.destination({ dest: 1, sync: true }));
  const { version } = packageInfo();
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.database, logger });
  try {
    const facts = await recordStart(store, version, newId);
    const app = await buildApp({ store, facts, logger });
    try {
      await app.listen({ host: address.host, port: address.port });
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
    logger.info({ url, store: store.dialect, instance: facts.instanceId, version }, 'hull listening');
    ctx.onSignal(async (signal) => {
      logger.info({ signal }, 'shutting down');
      await app.close();
      await store.close();
      logger.info('stopped');
    });
  } catch (err) {
    await store.close().catch(() => {});
    throw toAppError(err, 'starting the server');
  }
}
