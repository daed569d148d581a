/**
 * The journal's API (docs/journal.md#the-api): entries with journalctl's
 * filters and cursor paging, hosts and their boots, a field's values, the live
 * tail as server-sent events, deleting a host's entries (admin). Viewer
 * tokens read. The filters are compiled by the same engine as `hull journal`
 * (src/journal/filters.ts); the tail filters with `matchesQuery`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.js';
import {
  ByteSink,
  compileFilters,
  entryToJson,
  isPrintableUtf8,
  matchesQuery,
  serializeEntry,
  type JournalFilters,
  type JournalQuery,
  type JournalRepository,
  type JournalTail,
  type StoredEntry,
} from '../../journal/index.js';
import { api, Nullable, StringEnum } from '../api/index.js';

export interface JournalDeps {
  readonly repo: JournalRepository;
  readonly tail: JournalTail;
  /** Open SSE tails at most (default 64); more are 503 SERVER_BUSY. */
  readonly maxSubscribers?: number;
  /** Heartbeat comment interval of the tail (ms, default 15 000). */
  readonly heartbeatMs?: number;
  /** µs since the epoch (tests); default the clock. */
  readonly now?: () => bigint;
}

export const MAX_JOURNAL_LIMIT = 10_000;
const tags = ['journal'];

const Str = (description: string, maxLength = 4096) => Type.String({ maxLength, description });
const Many = (description: string) => Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 64, description });

const FilterProps = {
  host: Type.Optional(Many('a host (the identity it uploaded with); repeatable, ORed (-M)')),
  unit: Type.Optional(
    Many("a unit, journalctl's -u rules (foo → foo.service, globs, PID 1 and coredump messages); repeatable"),
  ),
  identifier: Type.Optional(Many('SYSLOG_IDENTIFIER (-t); repeatable')),
  priority: Type.Optional(Str('a level or range: err, 3, err..warning (-p)', 64)),
  boot: Type.Optional(Str('-b: 0, -1, 1, a boot id, ID±N, all; offsets per host', 64)),
  since: Type.Optional(Str("journalctl's time syntax (-S): 2023-11-14 22:13:20, today, -1h, @1700000000", 200)),
  until: Type.Optional(Str("journalctl's time syntax (-U)", 200)),
  grep: Type.Optional(Str('a PCRE2 pattern over MESSAGE (-g)')),
  case: Type.Optional(
    Type.Boolean({ description: 'case-sensitive grep (default: only when the pattern has an uppercase letter)' }),
  ),
  match: Type.Optional(Many('FIELD=VALUE, or + alone for OR between groups; repeatable, in order')),
  dmesg: Type.Optional(Type.Boolean({ description: 'kernel messages (-k)' })),
};

const EntriesQuery = Type.Object(
  {
    ...FilterProps,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_JOURNAL_LIMIT, default: 100 })),
    after: Type.Optional(Str('a cursor (`next` of the previous page): the entries after it', 200)),
    reverse: Type.Optional(Type.Boolean({ description: 'newest first' })),
    all: Type.Optional(
      Type.Boolean({ description: 'values of 4096 bytes and more in full (journalctl --all), else null' }),
    ),
    format: Type.Optional(
      StringEnum(['json', 'export'], {
        description:
          'json (default), or the export format with __HULL_HOST/__HULL_POSITION/__HULL_RECEIVED fields and the next cursor in the Hull-Journal-Next header',
      }),
    ),
  },
  { additionalProperties: false },
);

const TailQuery = Type.Object(
  {
    ...FilterProps,
    all: Type.Optional(Type.Boolean()),
    access_token: Type.Optional(Str('the bearer token, for EventSource (which cannot set headers)', 200)),
  },
  { additionalProperties: false },
);

const FieldsQuery = Type.Object({ ...FilterProps }, { additionalProperties: false });

const JsonValue = Type.Unknown({
  description: "journalctl's JSON value: a string, an array of bytes, null, or an array of those for a repeated field",
});

const Entry = Type.Object({
  cursor: Type.String({ description: "the entry's position in Hull's store (for `after`), not journald's __CURSOR" }),
  host: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  fields: Type.Record(Type.String(), JsonValue, { description: "the entry as journalctl -o json's object" }),
});

const Host = Type.Object({
  host: Type.String(),
  first: Nullable(Type.String({ format: 'date-time' })),
  last: Nullable(Type.String({ format: 'date-time' })),
  entries: Type.Integer(),
  bytes: Type.Integer({ description: "the entries' data as journald counts it" }),
  boots: Type.Integer(),
});

const Boot = Type.Object({
  bootId: Type.String(),
  offset: Type.Integer({ description: '-b offset: 0 the last boot, -1 the one before' }),
  first: Nullable(Type.String({ format: 'date-time' })),
  last: Nullable(Type.String({ format: 'date-time' })),
  entries: Type.Integer(),
});

const HostParams = Type.Object(
  { host: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const FieldParams = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

type FilterQuery = Partial<Static<typeof FieldsQuery>>;

const iso = (us: bigint | null): string | null => (us === null ? null : new Date(Number(us / 1000n)).toISOString());

export function filtersOf(q: FilterQuery): JournalFilters {
  return {
    ...(q.host ? { hosts: q.host } : {}),
    ...(q.unit ? { units: q.unit } : {}),
    ...(q.identifier ? { identifiers: q.identifier } : {}),
    ...(q.priority !== undefined ? { priority: q.priority } : {}),
    ...(q.boot !== undefined ? { boot: q.boot } : {}),
    ...(q.since !== undefined ? { since: q.since } : {}),
    ...(q.until !== undefined ? { until: q.until } : {}),
    ...(q.grep !== undefined ? { grep: q.grep } : {}),
    ...(q.case !== undefined ? { caseSensitive: q.case } : {}),
    ...(q.match ? { matches: q.match } : {}),
    ...(q.dmesg ? { dmesg: true } : {}),
  };
}

const entryJson = (s: StoredEntry, all: boolean) => ({
  cursor: s.position,
  host: s.host,
  receivedAt: iso(s.receivedAt)!,
  fields: entryToJson(s.entry, { all }),
});

const enc = new TextEncoder();

/** An entry in the export format with Hull's address fields (which journalctl's formats skip). */
function exportWithAddress(s: StoredEntry, sink: ByteSink): void {
  const fields = [
    ...s.entry.fields,
    { name: '__HULL_HOST', value: enc.encode(s.host) },
    { name: '__HULL_POSITION', value: enc.encode(s.position) },
    { name: '__HULL_RECEIVED', value: enc.encode(String(s.receivedAt)) },
  ];
  serializeEntry({ fields }, sink);
}

export function journalRoutes(app: FastifyInstance, deps: JournalDeps): void {
  const r = api(app);
  const repo = deps.repo;
  const now = deps.now ?? (() => BigInt(Date.now()) * 1000n);
  const compile = (q: FilterQuery): Promise<JournalQuery> => compileFilters(filtersOf(q), { source: repo, now: now() });
  let subscribers = 0;
  const open = new Set<() => void>();
  // A graceful shutdown ends the open tails (they would hold their connections).
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  const maxSubscribers = deps.maxSubscribers ?? 64;

  r.get(
    '/api/v1/journal/entries',
    {
      schema: {
        tags,
        summary: "Journal entries with journalctl's filters, oldest first (or newest with reverse), a page at a time",
        querystring: EntriesQuery,
        response: { 200: Type.Object({ entries: Type.Array(Entry), next: Nullable(Type.String()) }) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const compiled = await compile(q);
      const page = await repo.query({
        ...compiled,
        limit: q.limit ?? 100,
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.reverse ? { reverse: true } : {}),
      });
      if (q.format === 'export') {
        const sink = new ByteSink();
        for (const s of page.entries) exportWithAddress(s, sink);
        void reply.header('content-type', 'application/vnd.fdo.journal');
        if (page.next !== null) void reply.header('hull-journal-next', page.next);
        return reply.send(Buffer.from(sink.take()) as never);
      }
      return { entries: page.entries.map((s) => entryJson(s, q.all === true)), next: page.next };
    },
  );

  r.get(
    '/api/v1/journal/hosts',
    {
      schema: {
        tags,
        summary: 'The hosts that sent entries: first and last entry, entries, bytes, boots',
        response: { 200: Type.Object({ items: Type.Array(Host) }) },
      },
    },
    async () => ({
      items: (await repo.hosts()).map((h) => ({
        host: h.host,
        first: iso(h.firstRealtime),
        last: iso(h.lastRealtime),
        entries: h.entries,
        bytes: h.bytes,
        boots: h.boots,
      })),
    }),
  );

  r.get(
    '/api/v1/journal/hosts/:host/boots',
    {
      schema: {
        tags,
        summary: "A host's boots, oldest first, with -b's offsets",
        params: HostParams,
        response: { 200: Type.Object({ items: Type.Array(Boot) }) },
      },
    },
    async (request) => {
      const boots = await repo.boots(request.params.host);
      return {
        items: boots.map((b, i) => ({
          bootId: b.bootId,
          offset: i - (boots.length - 1),
          first: iso(b.firstRealtime),
          last: iso(b.lastRealtime),
          entries: b.entries,
        })),
      };
    },
  );

  r.get(
    '/api/v1/journal/fields/:name',
    {
      schema: {
        tags,
        summary:
          'The distinct values of a field among the selected entries (journalctl -F): strings, or byte arrays for values that are not printable',
        params: FieldParams,
        querystring: FieldsQuery,
        response: { 200: Type.Object({ values: Type.Array(JsonValue) }) },
      },
    },
    async (request) => {
      const compiled = await compile(request.query);
      const values = await repo.fieldValues(request.params.name, compiled);
      return { values: values.map((v) => (isPrintableUtf8(v) ? new TextDecoder().decode(v) : Array.from(v))) };
    },
  );

  r.delete(
    '/api/v1/journal/hosts/:host',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Delete a host's entries (admin)",
        params: HostParams,
        response: { 200: Type.Object({ host: Type.String(), deleted: Type.Integer() }) },
      },
    },
    async (request) => {
      const deleted = await repo.deleteHost(request.params.host);
      if (deleted === 0) throw new AppError('NOT_FOUND', `no journal entries from host ${request.params.host}`);
      request.log.info({ host: request.params.host, deleted, by: request.token?.id }, 'journal host deleted');
      return { host: request.params.host, deleted };
    },
  );

  r.get(
    '/api/v1/journal/tail',
    {
      config: { tokenInQuery: true },
      schema: {
        tags,
        summary:
          'Live tail as server-sent events: one `data:` line with {cursor, host, receivedAt, fields} per new entry the filters select; `: heartbeat` comments',
        querystring: TailQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const compiled = await compile(q);
      const grep = compiled.grep ? new RegExp(compiled.grep.source, compiled.grep.flags) : undefined;
      if (subscribers >= maxSubscribers)
        throw new AppError(
          'SERVER_BUSY',
          `the journal tail has ${subscribers} subscribers already (at most ${maxSubscribers})`,
        );
      subscribers++;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': hull journal tail\n\n');
      const all = q.all === true;
      const off = deps.tail.subscribe((entries) => {
        let chunk = '';
        for (const s of entries)
          if (matchesQuery(s, compiled, grep)) chunk += `data: ${JSON.stringify(entryJson(s, all))}\n\n`;
        if (chunk !== '') res.write(chunk);
      });
      const beat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? 15_000);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        open.delete(end);
        subscribers--;
        clearInterval(beat);
        off();
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      request.raw.on('close', close);
      res.on('close', close);
      res.on('error', close);
    },
  );
}
