/**
 * `hull journal`: journalctl's flags over Hull's central journal — an export
 * file read into memory (`--file PATH`, `-` for stdin) or a `hull serve`'s API
 * (`--server URL`, `--token`/HULL_TOKEN). It owns `-o` as journalctl does (a
 * raw registry entry: the global `-o json` stands before the name). Output is
 * journalctl 252's bytes (src/journal/output.ts). docs/journal.md.
 */
import { Command } from 'commander';
import { MemoryJournalRepository } from '../../adapters/memory/index.js';
import { dbJournalRepository, openStore } from '../../adapters/db/index.js';
import { exportFileChunks, getBytes, readEventStream } from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import {
  ByteSink,
  compileFilters,
  compileGrep,
  JournalFormatter,
  jsonToEntry,
  matchesQuery,
  parseExport,
  parseExportStream,
  parseJournalArgs,
  parseTimestamp,
  planEntries,
  realtimeOf,
  type JournalArgs,
  type JournalEntry,
  type JournalFilters,
  type JournalQuery,
  type QueryPage,
  type PlanItem,
  type QuerySource,
  type StoredEntry,
} from '../../journal/index.js';
import type { CliContext } from '../context.js';
import { apiError } from '../update/api-error.js';
import { connect, type Connection } from '../update/client.js';

const HELP = `Usage: hull journal (--file PATH | --server URL | -D DATA_DIR) [OPTIONS...] [MATCHES...]

Query Hull's central journal with journalctl's flags.

Source:
  --file PATH          an export file (journalctl -o export, systemd-journal-upload's stream); - for stdin
  --server URL         a hull serve (HULL_SERVER); --token T or HULL_TOKEN (a viewer token reads)
  -D --directory DIR   a hull serve's --data-dir, its store read directly (also --data-dir; --database URL for PostgreSQL)
Filters:
  -u --unit=UNIT       a unit, with its PID 1 and coredump messages (foo → foo.service, globs)
  -t --identifier=ID   SYSLOG_IDENTIFIER
  -p --priority=RANGE  a level or range: err, 3, err..warning
  -b --boot[=ID]       a boot: 0 (last), -1, 1, an id, ID±N, all; offsets per host
  -k --dmesg           kernel messages of the last boot
  -S --since=DATE      -U --until=DATE   journalctl's time syntax (2023-11-14 22:13, today, -1h, @epoch)
  -g --grep=PATTERN    PCRE2 pattern over MESSAGE; --case-sensitive[=BOOL]
  -M --host=HOST       only this host (repeatable)
  FIELD=VALUE ... [+ FIELD=VALUE ...]   same field ORed, fields ANDed, + ORs groups
Output:
  -n --lines[=N|all]   the last N entries (10)      -r --reverse      -f --follow (with --server)
  -o --output=MODE     short short-full short-iso short-iso-precise short-precise short-monotonic
                       short-unix cat verbose json json-pretty json-seq json-sse export
  --output-fields=A,B  -a --all   -q --quiet   --utc   -F --field=FIELD   --no-pager (accepted)
`;

export function command(ctx: CliContext): Command {
  return new Command('journal')
    .description("query the central journal with journalctl's flags (--file or --server)")
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      ctx.exitCode = await runRaw(args, ctx);
    });
}

/** The stdout writer takes bytes too (process.stdout does). */
function writeBytes(ctx: CliContext, bytes: Uint8Array): void {
  if (bytes.length > 0) (ctx.stdout as unknown as { write(b: Uint8Array): void }).write(bytes);
}

const nowUs = (): bigint => BigInt(Date.now()) * 1000n;

/** The `--file` host identity: one host for the whole file, named by the path. */
export const fileHost = (path: string): string => (path === '-' ? 'stdin' : path);

async function fileSource(path: string, stdin: CliContext['stdin']): Promise<MemoryJournalRepository> {
  const repo = new MemoryJournalRepository();
  const host = fileHost(path);
  const received = nowUs();
  let batch: JournalEntry[] = [];
  for await (const e of parseExportStream(exportFileChunks(path, stdin))) {
    batch.push(e);
    if (batch.length >= 1000) {
      await repo.append(host, batch, received);
      batch = [];
    }
  }
  await repo.append(host, batch, received);
  return repo;
}

const HULL_FIELDS = new Set(['__HULL_HOST', '__HULL_POSITION', '__HULL_RECEIVED']);
const text = new TextDecoder();

/** The API's query parameters for filters (since/until already absolute). */
function filterParams(f: JournalFilters, q: JournalQuery): URLSearchParams {
  const p = new URLSearchParams();
  for (const h of f.hosts ?? []) p.append('host', h);
  for (const u of f.units ?? []) p.append('unit', u);
  for (const t of f.identifiers ?? []) p.append('identifier', t);
  if (f.priority !== undefined) p.set('priority', f.priority);
  if (f.boot !== undefined) p.set('boot', f.boot);
  if (f.dmesg) p.set('dmesg', 'true');
  for (const m of f.matches ?? []) p.append('match', m);
  const at = (us: bigint) => `@${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}`;
  if (q.since !== undefined) p.set('since', at(q.since));
  if (q.until !== undefined) p.set('until', at(q.until));
  if (q.grep !== undefined && f.grep !== undefined) {
    p.set('grep', f.grep);
    if (f.caseSensitive !== undefined) p.set('case', String(f.caseSensitive));
  }
  return p;
}

/** A `hull serve`'s journal as a QuerySource: pages in the export format, exact bytes. */
class RemoteSource implements QuerySource {
  constructor(
    private readonly conn: Connection,
    private readonly filters: JournalFilters,
  ) {}

  async get(path: string, params: URLSearchParams) {
    const url = `${this.conn.server}${path}?${params.toString()}`;
    const a = await getBytes(url, this.conn.token);
    if (a.status >= 400)
      throw apiError(a.status, a.contentType, text.decode(a.bytes), {
        origin: this.conn.server,
        what: `GET ${path}`,
        token: this.conn.tokenSource,
      });
    return a;
  }

  async query(q: JournalQuery): Promise<QueryPage> {
    const p = filterParams(this.filters, q);
    p.set('format', 'export');
    if (q.limit !== undefined) p.set('limit', String(Math.min(q.limit, 10_000)));
    if (q.after !== undefined) p.set('after', q.after);
    if (q.reverse) p.set('reverse', 'true');
    const a = await this.get('/api/v1/journal/entries', p);
    const entries = parseExport(a.bytes).map(stored);
    return { entries, next: a.header('hull-journal-next') };
  }
}

function stored(e: JournalEntry): StoredEntry {
  const get = (n: string) => {
    const f = e.fields.find((x) => x.name === n);
    return f === undefined ? '' : text.decode(f.value);
  };
  return {
    position: get('__HULL_POSITION'),
    host: get('__HULL_HOST'),
    receivedAt: BigInt(get('__HULL_RECEIVED') || '0'),
    entry: { fields: e.fields.filter((f) => !HULL_FIELDS.has(f.name)) },
  };
}

export async function runRaw(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseJournalArgs(argv);
  if (args.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (args.listBoots)
    throw new AppError(
      'USAGE',
      "--list-boots is not supported yet: GET /api/v1/journal/hosts/HOST/boots lists a host's boots",
    );
  const direct = args.directory !== undefined || args.database !== undefined;
  if ([args.file !== undefined, args.server !== undefined, direct].filter(Boolean).length > 1)
    throw new AppError('USAGE', 'give one of --file, --server, -D/--database, not several');
  if (args.file === undefined && args.server === undefined && !direct && ctx.env.HULL_SERVER === undefined) {
    throw new AppError(
      'USAGE',
      "hull journal needs a source: --file PATH (an export file, - for stdin), --server URL (a hull serve; HULL_SERVER) or -D DATA_DIR (a hull serve's store)",
    );
  }
  if (args.field !== undefined && (args.filters.matches ?? []).length > 0) {
    throw new AppError('USAGE', `Extraneous arguments starting with '${args.filters.matches![0]}'`);
  }
  if (args.file !== undefined) {
    if (args.follow)
      throw new AppError('USAGE', '-f/--follow needs --server (an export file does not grow under hull journal)');
    const repo = await fileSource(args.file, ctx.stdin);
    if (args.field !== undefined) return printValues(ctx, args, await repo.fieldValues(args.field));
    const q = await compileFilters(args.filters, { source: repo, now: nowUs() });
    // In memory: one page (the memory store copies and scans per page).
    return printEntries(
      ctx,
      args,
      planEntries(repo, q, { ...planOptions(args), pageSize: Number.MAX_SAFE_INTEGER }),
      q,
    );
  }
  if (direct) {
    if (args.follow) throw new AppError('USAGE', "-f/--follow needs --server (the live tail is the server's)");
    const store = await openStore({
      dataDir: args.directory ?? '',
      ...(args.database !== undefined ? { databaseUrl: args.database } : {}),
      mustExist: true,
    });
    try {
      const repo = dbJournalRepository(store);
      if (args.field !== undefined) return printValues(ctx, args, await repo.fieldValues(args.field));
      const q = await compileFilters(args.filters, { source: repo, now: nowUs() });
      return await printEntries(ctx, args, planEntries(repo, q, planOptions(args)), q);
    } finally {
      await store.close();
    }
  }
  const conn = await connect(
    {
      ...(args.server !== undefined ? { server: args.server } : {}),
      ...(args.token !== undefined ? { token: args.token } : {}),
    },
    ctx,
  );
  const now = nowUs();
  const q: JournalQuery = {
    ...(args.filters.since !== undefined ? { since: parseTimestamp(args.filters.since, now) } : {}),
    ...(args.filters.until !== undefined ? { until: parseTimestamp(args.filters.until, now) } : {}),
    ...(args.filters.grep !== undefined ? { grep: compileGrep(args.filters.grep, args.filters.caseSensitive) } : {}),
  };
  const remote = new RemoteSource(conn, args.filters);
  if (args.field !== undefined) {
    const a = await remote.get(
      `/api/v1/journal/fields/${encodeURIComponent(args.field)}`,
      filterParams(args.filters, q),
    );
    const values = (JSON.parse(text.decode(a.bytes)) as { values: Array<string | number[]> }).values;
    return printValues(
      ctx,
      args,
      values.map((v) => (typeof v === 'string' ? new TextEncoder().encode(v) : Uint8Array.from(v))),
    );
  }
  if (!args.follow) return printEntries(ctx, args, planEntries(remote, q, planOptions(args)), q);
  return follow(ctx, args, conn, remote, q);
}

const planOptions = (a: JournalArgs) => ({ ...(a.lines !== undefined ? { lines: a.lines } : {}), reverse: a.reverse });

function formatter(args: JournalArgs): JournalFormatter {
  return new JournalFormatter({
    mode: args.output,
    all: args.all,
    quiet: args.quiet,
    utc: args.utc,
    ...(args.outputFields !== undefined ? { outputFields: args.outputFields } : {}),
  });
}

function printValues(ctx: CliContext, args: JournalArgs, values: readonly Uint8Array[]): number {
  const sink = new ByteSink();
  let n = 0;
  for (const v of values) {
    if (args.lines !== undefined && n >= args.lines) break;
    sink.bytes(v).text('\n');
    n++;
  }
  writeBytes(ctx, sink.take());
  return 0;
}

async function printEntries(
  ctx: CliContext,
  args: JournalArgs,
  entries: AsyncIterable<PlanItem>,
  q: JournalQuery,
  keepOpen = false,
): Promise<number> {
  const f = formatter(args);
  let sink = new ByteSink();
  let shown = 0;
  for await (const item of entries) {
    if (!item.shown) {
      f.skip(item.stored.entry, sink);
      continue;
    }
    f.write(item.stored.entry, sink);
    shown++;
    if (shown % 256 === 0) {
      writeBytes(ctx, sink.take());
      sink = new ByteSink();
    }
  }
  if (!keepOpen) f.finish(sink);
  writeBytes(ctx, sink.take());
  // journalctl exits 1 when -g matched nothing.
  return q.grep !== undefined && shown === 0 && !keepOpen ? 1 : 0;
}

/** `-f` with --server: the last N entries, then every new one from the SSE tail until SIGINT/SIGTERM. */
async function follow(
  ctx: CliContext,
  args: JournalArgs,
  conn: Connection,
  remote: RemoteSource,
  q: JournalQuery,
): Promise<number> {
  const abort = new AbortController();
  const f = formatter(args);
  const printed = new Set<string>();
  let backlog: StoredEntry[] | undefined = [];
  const show = (s: StoredEntry) => {
    if (printed.has(s.position)) return;
    if (q.since !== undefined && (realtimeOf(s.entry) ?? -1n) < q.since) return;
    if (q.grep !== undefined && !matchesQuery(s, { grep: q.grep })) return;
    const sink = new ByteSink();
    f.write(s.entry, sink);
    writeBytes(ctx, sink.take());
  };
  const p = filterParams(args.filters, { ...q, until: undefined } as JournalQuery);
  p.delete('until');
  p.set('all', 'true');
  const url = `${conn.server}/api/v1/journal/tail?${p.toString()}`;
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  ctx.onSignal(async () => {
    abort.abort();
    return 0;
  });
  const streaming = readEventStream(
    url,
    conn.token,
    (data) => {
      const o = JSON.parse(data) as { cursor: string; host: string; receivedAt: string; fields: unknown };
      const s: StoredEntry = {
        position: o.cursor,
        host: o.host,
        receivedAt: BigInt(Date.parse(o.receivedAt)) * 1000n,
        entry: jsonToEntry(o.fields).entry,
      };
      if (backlog) backlog.push(s);
      else show(s);
    },
    abort.signal,
    () => opened(),
  );
  const early = await Promise.race([open.then(() => undefined), streaming]);
  if (early !== undefined)
    throw apiError(early.status, early.contentType, early.text, {
      origin: conn.server,
      what: 'GET /api/v1/journal/tail',
      token: conn.tokenSource,
    });
  const sink = new ByteSink();
  for await (const item of planEntries(remote, q, { lines: args.lines ?? 10, reverse: false })) {
    if (!item.shown) {
      f.skip(item.stored.entry, sink);
      continue;
    }
    f.write(item.stored.entry, sink);
    printed.add(item.stored.position);
  }
  writeBytes(ctx, sink.take());
  const pending = backlog;
  backlog = undefined;
  for (const s of pending) show(s);
  const end = await streaming;
  if (end !== undefined)
    throw apiError(end.status, end.contentType, end.text, {
      origin: conn.server,
      what: 'GET /api/v1/journal/tail',
      token: conn.tokenSource,
    });
  return 0;
}
