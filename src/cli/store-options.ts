import { Option } from 'commander';
import type { CliContext } from './context.js';

/**
 * The options `hull serve` and the commands that open its store directly
 * (`hull token`) share. Every option may also come from the environment:
 * `--data-dir` from `HULL_DATA_DIR` and so on (HULL_ and the flag's name in
 * capitals); a flag on the command line wins over its variable.
 * `HULL_DATABASE_URL` is still read for `--database` when `HULL_DATABASE` is
 * not set.
 */
export const envName = (flag: string): string => `HULL_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;

/** A commander option read from its HULL_… variable too. */
export function option(flags: string, description: string, defaultValue?: string): Option {
  const opt = new Option(flags, description);
  opt.env(envName(opt.long!));
  return defaultValue === undefined ? opt : opt.default(defaultValue);
}

/** `--data-dir` and `--database`, as `hull serve` has them. */
export function storeOptions(): Option[] {
  return [
    option('--data-dir <dir>', 'directory for the SQLite store and other state', './hull-data'),
    option(
      '--database <url>',
      'use PostgreSQL (postgres://user@host:port/db) instead of SQLite (also HULL_DATABASE_URL)',
    ),
  ];
}

export interface StoreFlags {
  readonly dataDir: string;
  readonly database?: string;
}

/** The store's location from the parsed flags: `--database`, else HULL_DATABASE_URL, else SQLite in `--data-dir`. */
export function storeLocation(
  opts: StoreFlags,
  ctx: Pick<CliContext, 'env'>,
): { dataDir: string; database: string | undefined } {
  return { dataDir: opts.dataDir, database: opts.database ?? (ctx.env.HULL_DATABASE_URL || undefined) };
}
