import { open, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, type Logger, type TokenRepository } from '../../core/index.js';
import { makeDir, describeError } from '../db/index.js';

/** The file in the data dir that receives the first start's admin token. */
export const ADMIN_TOKEN_FILE = 'admin-token';
export const FIRST_ADMIN_TOKEN_NAME = 'first start';

export type FirstAdminOutcome =
  | { readonly kind: 'not-needed' }
  | { readonly kind: 'created'; readonly file: string; readonly id: string }
  | { readonly kind: 'file-exists'; readonly file: string }
  | { readonly kind: 'made-elsewhere' };

/**
 * On a store without any token: makes an admin token and writes it to
 * `<dataDir>/admin-token` (mode 0600, created exclusively: an existing file
 * is never replaced, and then no token is made). The file is created before
 * the token, so a token is never made that nobody can read; when another
 * server made the first token meanwhile (several servers on one PostgreSQL),
 * the empty file is removed again. Logs the file's path, never the token.
 */
export async function ensureFirstAdminToken(
  dataDir: string,
  tokens: TokenRepository,
  logger: Logger,
): Promise<FirstAdminOutcome> {
  if (!(await tokens.isEmpty())) return { kind: 'not-needed' };
  const dir = resolve(dataDir);
  const file = join(dir, ADMIN_TOKEN_FILE);
  let handle;
  try {
    await makeDir(dir, 0o700);
    handle = await open(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      logger.warn(
        { file },
        'the store has no token, but the admin-token file exists: it is not replaced and no token was made; remove it and restart, or run `hull token create --role admin`',
      );
      return { kind: 'file-exists', file };
    }
    throw new AppError('IO_FAILED', `cannot create ${file}: ${describeError(err)}`, { cause: err });
  }
  try {
    const created = await tokens.createFirstAdmin(FIRST_ADMIN_TOKEN_NAME);
    if (created === undefined) {
      await handle.close();
      await unlink(file);
      logger.info({}, 'the first admin token was made by another server on this database');
      return { kind: 'made-elsewhere' };
    }
    await handle.writeFile(`${created.secret}\n`, 'utf8');
    await handle.sync();
    await handle.close();
    logger.info(
      { file, id: created.token.id },
      'first start: an admin token was made and written to the admin-token file',
    );
    return { kind: 'created', file, id: created.token.id };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw err instanceof AppError
      ? err
      : new AppError('IO_FAILED', `cannot write ${file}: ${describeError(err)}`, { cause: err });
  }
}
