import { dash, table } from '../table.js';
import { Argument, Command, Option } from 'commander';
import { dbTokenRepository, openStore } from '../../adapters/db/index.js';
import {
  AppError,
  systemClock,
  TOKEN_NAME_MAX_LENGTH,
  TOKEN_ROLES,
  type TokenInfo,
  type TokenRepository,
  type TokenRole,
} from '../../core/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { storeLocation, storeOptions, type StoreFlags } from '../store-options.js';

/** Opens the store `hull serve` would use (same flags and variables), runs `fn` on its tokens, closes it. */
async function withTokens<T>(
  ctx: CliContext,
  flags: StoreFlags,
  fn: (tokens: TokenRepository) => Promise<T>,
): Promise<T> {
  const { dataDir, database } = storeLocation(flags, ctx);
  const store = await openStore({ dataDir, databaseUrl: database });
  try {
    return await fn(dbTokenRepository(store, systemClock));
  } finally {
    await store.close();
  }
}

/** The tokens as an aligned table, one line each. */
export function tokenTable(tokens: readonly TokenInfo[]): string {
  return table(
    ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    tokens.map((t) => [t.id, dash(t.name), t.role, t.prefix, t.createdAt, dash(t.lastUsedAt), dash(t.revokedAt)]),
  );
}

function withStoreOptions(cmd: Command): Command {
  for (const opt of storeOptions()) cmd.addOption(opt);
  return cmd.addHelpText(
    'after',
    '\nThe store is the one `hull serve` uses with the same --data-dir/--database (or HULL_DATA_DIR, HULL_DATABASE, HULL_DATABASE_URL).',
  );
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('token').description(
    "the management API's bearer tokens: create, list, revoke (opens the store directly)",
  );

  cmd.addCommand(
    withStoreOptions(
      new Command('create')
        .description('make a token and print its secret, once (it is stored hashed and cannot be shown again)')
        .addOption(
          new Option('--role <role>', 'admin: everything; viewer: reads only')
            .choices(TOKEN_ROLES)
            .makeOptionMandatory(),
        )
        .option('--name <name>', 'what the token is for'),
    ).action(async (opts: StoreFlags & { role: TokenRole; name?: string }) => {
      if (opts.name !== undefined && (opts.name === '' || opts.name.length > TOKEN_NAME_MAX_LENGTH)) {
        throw new AppError('USAGE', `--name must be 1 to ${TOKEN_NAME_MAX_LENGTH} characters`);
      }
      const created = await withTokens(ctx, opts, (tokens) =>
        tokens.create(opts.name === undefined ? { role: opts.role } : { role: opts.role, name: opts.name }),
      );
      if (ctx.output === 'json') {
        writeEnvelope(ctx, { ok: true, result: { ...created.token, secret: created.secret } });
        return;
      }
      ctx.stdout.write(`${created.secret}\n`);
      ctx.stderr.write(
        `hull: created ${created.token.role} token ${created.token.id}; its secret (above) is shown only this once\n`,
      );
    }),
  );

  cmd.addCommand(
    withStoreOptions(
      new Command('list').description(
        'list the tokens: id, name, role, prefix, created, last used, revoked (never secrets)',
      ),
    ).action(async (opts: StoreFlags) => {
      const items = await withTokens(ctx, opts, (tokens) => tokens.list());
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { items } });
      else ctx.stdout.write(tokenTable(items));
    }),
  );

  cmd.addCommand(
    withStoreOptions(
      new Command('revoke')
        .description('revoke a token: it stops working at once and stays listed as revoked')
        .addArgument(new Argument('<id>', 'the token id (hull token list)')),
    ).action(async (id: string, opts: StoreFlags) => {
      const revoked = await withTokens(ctx, opts, (tokens) => tokens.revoke(id));
      if (revoked === undefined)
        throw new AppError('NOT_FOUND', `no token with id ${id}`, { hint: 'hull token list shows the ids' });
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: revoked });
      else
        ctx.stdout.write(`revoked token ${revoked.id} (${revoked.role}, ${revoked.prefix}) at ${revoked.revokedAt}\n`);
    }),
  );
  return cmd;
}
