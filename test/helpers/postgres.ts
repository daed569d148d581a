/**
 * A real PostgreSQL server owned by one test file: initdb into a fresh temp
 * dir, `postgres` on 127.0.0.1:<free port> and a unix socket in that dir,
 * one database created. `stop()` ends that one process and removes the dir.
 *
 *   let pg: PostgresServer;
 *   before(async () => { pg = await startPostgres(); });
 *   after(() => pg?.stop());
 *
 * PostgreSQL refuses to run as root: when the tests run as root, initdb and
 * postgres run as the `postgres` system user (spawned with its uid/gid, so
 * the PID we hold is the server's own), with the temp dir chowned to it.
 * Missing binaries are an error, never a skip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { after, before } from 'node:test';
import { freePort } from '../../src/adapters/node/free-port.js';

export interface PostgresServer {
  /** URL of the database created at start: `postgres://postgres@127.0.0.1:<port>/hull_test`. */
  readonly url: string;
  readonly port: number;
  /** Directory holding the server's unix socket (`.s.PGSQL.<port>`). */
  readonly socketDir: string;
  /** The postmaster's PID. */
  readonly pid: number;
  /** Creates another empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops this server (only its PID) and deletes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresBinaries {
  readonly bindir: string;
  readonly initdb: string;
  readonly postgres: string;
}

export const INSTALL_HINT =
  'install the PostgreSQL server with `scripts/setup-system` (or: apt-get install -y postgresql)';

/**
 * Finds initdb and postgres: $HULL_PG_BINDIR if set (and then only there),
 * else `pg_config --bindir`, else the newest /usr/lib/postgresql/<ver>/bin,
 * else $PATH. Throws naming the install command when none has both.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const looked: string[] = [];
  const tryDir = (dir: string | undefined): PostgresBinaries | undefined => {
    if (dir === undefined || dir === '') return undefined;
    looked.push(dir);
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    return existsSync(initdb) && existsSync(postgres) ? { bindir: dir, initdb, postgres } : undefined;
  };
  const override = process.env['HULL_PG_BINDIR'];
  const found =
    override !== undefined
      ? tryDir(override)
      : (tryDir(pgConfigBindir()) ??
        debianBindirs().reduce<PostgresBinaries | undefined>((acc, dir) => acc ?? tryDir(dir), undefined) ??
        (process.env['PATH'] ?? '')
          .split(':')
          .reduce<PostgresBinaries | undefined>((acc, dir) => acc ?? tryDir(dir), undefined));
  if (found === undefined) {
    throw new Error(
      `PostgreSQL server binaries (initdb, postgres) not found; looked in ${looked.join(', ') || '(nowhere)'}. ` +
        `The PostgreSQL store tests need them: ${INSTALL_HINT}.`,
    );
  }
  return found;
}

function pgConfigBindir(): string | undefined {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function debianBindirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Whom to run the server as: ourselves, or the `postgres` user when we are root. */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'PostgreSQL refuses to run as root and there is no `postgres` system user to run it as; ' + `${INSTALL_HINT}.`,
    );
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartPostgresOptions {
  /** Name of the database created at start. Default `hull_test`. */
  readonly database?: string;
  /** How long to wait for the server to accept connections. Default 30 s. */
  readonly startTimeoutMs?: number;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bins = findPostgresBinaries();
  const runAs = serverUser();
  const database = options.database ?? 'hull_test';
  const root = mkdtempSync(join(tmpdir(), 'hull-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  const logFile = join(root, 'postgres.log');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;

  const killNow = () => {
    if (child?.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  // Last resort if the test process exits without calling stop().
  process.once('exit', killNow);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child?.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGINT'); // "fast shutdown": ends sessions, exits cleanly
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), 10_000);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          process.kill(child.pid, 'SIGKILL');
          await exited;
        }
      }
      process.removeListener('exit', killNow);
      rmSync(root, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    mkdirSync(socketDir);
    if (runAs !== undefined) {
      chownSync(root, runAs.uid, runAs.gid);
      chownSync(socketDir, runAs.uid, runAs.gid);
    }
    const asUser = runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid };
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    try {
      execFileSync(
        bins.initdb,
        ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        { ...asUser, cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      throw new Error(`initdb failed: ${e.stderr?.toString().trim() || e.message}`);
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const log = openSync(logFile, 'a');
      const proc = spawn(
        bins.postgres,
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          '-k',
          socketDir,
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=100',
          '-c',
          'shared_buffers=32MB',
          '-c',
          'logging_collector=off',
          '-c',
          'log_min_messages=warning',
        ],
        { ...asUser, cwd: root, env, stdio: ['ignore', log, log] },
      );
      closeSync(log);
      child = proc;
      exited = new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.once('error', (err) => {
          appendFileSync(logFile, `spawn failed: ${err.message}\n`);
          resolve();
        });
      });
      const ready = await waitReady(port, proc, exited, options.startTimeoutMs ?? 30_000);
      if (ready) break;
      // The port was taken between our probe and the server's bind: try another.
      if (attempt >= 3 || !/could not bind|Address already in use/i.test(tail(logFile, 50))) {
        throw new Error(`postgres did not start:\n${tail(logFile)}`);
      }
    }

    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let counter = 0;
    const createDatabase = async (name?: string): Promise<string> => {
      const db = name ?? `${database}_${++counter}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`unsafe database name ${db}`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${db}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    };
    const url = await createDatabase(database);

    const pid = child?.pid ?? -1;
    return { url, port, socketDir, pid, createDatabase, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls until the server accepts a connection (true), exits (false), or the timeout passes (throws). */
async function waitReady(port: number, proc: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone || proc.exitCode !== null) return false;
    const client = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      connectionTimeoutMillis: 1000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(50);
    }
  }
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms`);
}

/**
 * One throw-away PostgreSQL for a test file and temporary directories removed
 * with it. Call at the top level of the file: it registers `before` (start;
 * a failure is kept and thrown by each `database()` call, so every test that
 * needs PostgreSQL fails with the install hint instead of being skipped) and
 * `after` (stop, remove the directories).
 */
export function postgresForFile(prefix: string): { database(): Promise<string>; tempDir(): string } {
  const dirs: string[] = [];
  let pg: PostgresServer | undefined;
  let pgError: unknown;
  let n = 0;
  before(async () => {
    try {
      pg = await startPostgres();
    } catch (err) {
      pgError = err;
    }
  });
  after(async () => {
    await pg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    async database() {
      if (pg === undefined) throw pgError ?? new Error('the PostgreSQL test server did not start');
      return pg.createDatabase(`${prefix}_${++n}`);
    },
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), `hull-${prefix}-`));
      dirs.push(dir);
      return dir;
    },
  };
}
