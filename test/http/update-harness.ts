/**
 * The update server over HTTP for the acceptance tests (omaha, update-api,
 * cincinnati): a whole `buildApp` with the update service, hosted package
 * files, tokens and a test clock, on SQLite or on a real PostgreSQL (one
 * server per test file), answered in process (fastify inject) or over a
 * socket (the app listening on a free loopback port).
 *
 *   const backends = updateBackends('omaha');   // registers before/after hooks
 *   for (const b of backends) describe(b.name, () => { let h: Harness; before(async () => { h = await b.start(); }); after(() => h?.close()); … });
 */
import type { FastifyInstance } from 'fastify';
import { dbTokenRepository, dbUpdateRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { openPackageFiles } from '../../src/adapters/node/package-files.js';
import { systemClock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import type { UpdateRepository } from '../../src/update/server/index.js';
import { postgresForFile } from '../helpers/postgres.js';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text (latin1 for binary answers is the caller's business: see `bytes`). */
  readonly text: string;
  readonly bytes: Buffer;
  /** The body parsed as JSON when it is JSON, else undefined. */
  readonly json: any;
}

export interface SendOptions {
  readonly token?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Sent as is. */
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
}

export type Send = (method: string, url: string, opts?: SendOptions) => Promise<Answer>;

/** A clock the tests move: every request through the harness is one second after the last. */
export class TestClock {
  /** A Wednesday, 10:00 UTC: inside office hours. */
  t = Date.parse('2026-12-02T10:00:00.000Z');
  now = (): Date => new Date(this.t);
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export interface Harness {
  readonly send: Send;
  readonly admin: string;
  readonly viewer: string;
  readonly clock: TestClock;
  readonly repo: UpdateRepository;
  readonly over: 'inject' | 'socket';
  /** `http://127.0.0.1:<port>` over a socket; the Host fastify's inject sends (`http://localhost:80`) in process. */
  readonly base: string;
  close(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  start(): Promise<Harness>;
}

function headersOf(h: Record<string, string> | undefined, opts: SendOptions): Record<string, string> {
  const out: Record<string, string> = { ...(h ?? {}) };
  if (opts.token !== undefined) out['authorization'] = `Bearer ${opts.token}`;
  if (opts.json !== undefined) out['content-type'] = 'application/json';
  return { ...out, ...(opts.headers ?? {}) };
}

function answer(status: number, headers: Record<string, string | undefined>, bytes: Buffer): Answer {
  const text = bytes.toString('utf8');
  let json: unknown;
  if ((headers['content-type'] ?? '').includes('json') && text !== '') json = JSON.parse(text);
  return { status, headers, text, bytes, json };
}

const payloadOf = (opts: SendOptions): Buffer | string | undefined =>
  opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;

export const injectClient =
  (app: FastifyInstance): Send =>
  async (method, url, opts = {}) => {
    const payload = payloadOf(opts);
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: headersOf(undefined, opts),
      ...(payload === undefined ? {} : { payload }),
    });
    return answer(res.statusCode, res.headers as Record<string, string>, res.rawPayload);
  };

export const socketClient =
  (base: string): Send =>
  async (method, url, opts = {}) => {
    const payload = payloadOf(opts);
    const res = await fetch(`${base}${url}`, {
      method,
      headers: headersOf(undefined, opts),
      ...(payload === undefined ? {} : { body: payload }),
    });
    return answer(res.status, Object.fromEntries(res.headers), Buffer.from(await res.arrayBuffer()));
  };

/**
 * The four ways the tests run: SQLite and PostgreSQL, each in process and over a socket.
 * Call at the top level of a test file: it starts one PostgreSQL for the file.
 */
export function updateBackends(prefix: string): Backend[] {
  const pg = postgresForFile(prefix);
  const tmp = () => pg.tempDir();
  const sqlite = (dir: string) => openStore({ dataDir: dir });
  const postgres = async () => openStore({ databaseUrl: await pg.database(), poolSize: 4 });
  const start = (open: (dir: string) => Promise<DbStore>, over: 'inject' | 'socket') => async (): Promise<Harness> => {
    const dir = tmp();
    const store = await open(dir);
    const tokens = dbTokenRepository(store, systemClock);
    const clock = new TestClock();
    const repo = dbUpdateRepository(store);
    const packageFiles = await openPackageFiles(dir);
    const app = await buildApp({
      store,
      facts: await recordStart(store, '9.9.9', () => 'i'),
      tokens,
      packageFiles,
      update: { repo, clock },
    });
    let inner = injectClient(app);
    let base = 'http://localhost:80';
    if (over === 'socket') {
      base = await app.listen({ host: '127.0.0.1', port: 0 });
      inner = socketClient(base);
    }
    const send: Send = (method, url, opts) => {
      clock.advance(1);
      return inner(method, url, opts);
    };
    return {
      send,
      admin: (await tokens.create({ role: 'admin', name: 'test admin' })).secret,
      viewer: (await tokens.create({ role: 'viewer', name: 'test viewer' })).secret,
      clock,
      repo,
      over,
      base,
      async close() {
        await app.close();
        await store.close();
      },
    };
  };
  return [
    { name: 'sqlite, in process', start: start(sqlite, 'inject') },
    { name: 'sqlite, over a socket', start: start(sqlite, 'socket') },
    { name: 'postgres, in process', start: start(() => postgres(), 'inject') },
    { name: 'postgres, over a socket', start: start(() => postgres(), 'socket') },
  ];
}

export const FLATCAR = 'e96281a6-d1af-4bde-9a0a-97b76e56dc57';
/** The seeded stable amd64 channel and group (Nebraska's ids). */
export const STABLE_AMD64_CHANNEL = 'e06064ad-4414-4904-9a6e-fd465593d1b2';
export const STABLE_AMD64_GROUP = '9a2deb70-37be-4026-853f-bfdd6b347bbe';
