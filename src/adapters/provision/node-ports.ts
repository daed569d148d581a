/** The node adapters of the provisioning ports: process runner, fetcher (file, http, https), codec. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../core/index.js';
import type {
  Codec,
  FetchedBody,
  Fetcher,
  FetchRequest,
  ProcessResult,
  ProcessRunner,
  ProvisionPorts,
} from '../../provision/index.js';
import { RootedFs } from './rooted-fs.js';
import { httpOpen, PermanentHttpError } from './http-get.js';
import { lazyBuiltin } from './lazy-builtin.js';

// Loaded on first use only (D64): a run of data: URLs needs none of them.
const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');
const fsPromises = lazyBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
const stream = lazyBuiltin<typeof import('node:stream')>('node:stream');
const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');
const zlib = lazyBuiltin<typeof import('node:zlib')>('node:zlib');

export const nodeCodec: Codec = {
  hasher: (alg) => {
    const h = crypto().createHash(alg);
    return { update: (data) => void h.update(data), digest: () => h.digest('hex') };
  },
  gunzip: (chunks) => {
    // Readable.from pulls the input only as the decompressor asks for it, and
    // the decompressor makes output only as fast as it is read: a gzip bomb
    // expands no further than its reader goes. pipeline passes the input's
    // error on and releases the input when the reader stops early.
    const z = zlib().createGunzip({ chunkSize: 64 * 1024 });
    stream().pipeline(stream().Readable.from(chunks), z, () => undefined);
    return z;
  },
};

export class NodeProcessRunner implements ProcessRunner {
  constructor(
    private readonly env: Record<string, string | undefined> = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
  ) {}
  run(command: string, args: readonly string[], opts: { input?: string } = {}): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
      const child = childProcess().spawn(command, [...args], {
        env: this.env,
        stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
      if (child.stdin) {
        child.stdin.on('error', () => undefined); // a tool that exits without reading its input is not a failure here
        child.stdin.end(opts.input);
      }
    });
  }
}

export interface FetcherOptions {
  /** Attempts after the first, on network errors and 5xx answers (default 5). */
  readonly retries?: number;
  /** Bound on a silent connection once the response headers are in, in ms (default 10 s). */
  readonly timeoutMs?: number;
  readonly backoffMs?: number;
}

const fetchFailed = (url: string, why: string, cause?: unknown) =>
  new AppError(
    'PROVISION_FETCH_FAILED',
    `fetching ${url.length > 200 ? `${url.slice(0, 197)}...` : url}: ${why}`,
    cause === undefined ? undefined : { cause },
  );

/** The chunks of a node stream, its errors as AppErrors, `done` run however the reading ends. */
async function* guarded(
  body: AsyncIterable<Uint8Array>,
  url: string,
  why: (err: Error) => string,
  done: () => void,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of body) yield c;
  } catch (err) {
    throw err instanceof AppError ? err : fetchFailed(url, why(err as Error), err);
  } finally {
    done();
  }
}

export class NodeFetcher implements Fetcher {
  constructor(private readonly opts: FetcherOptions = {}) {}

  async open(req: FetchRequest): Promise<FetchedBody> {
    return req.url.startsWith('file:') ? this.openFile(req.url) : this.openHttp(req);
  }

  private async openFile(url: string): Promise<FetchedBody> {
    try {
      const fh = await fsPromises().open(fileURLToPath(url), 'r');
      const size = await fh.stat().then(
        (st) => st.size,
        async (err: unknown) => {
          await fh.close();
          throw err;
        },
      );
      const stream = fh.createReadStream({ highWaterMark: 1 << 20 });
      const close = () => void stream.destroy();
      return { chunks: guarded(stream, url, (e) => e.message, close), size, close };
    } catch (err) {
      throw new AppError('PROVISION_FETCH_FAILED', `reading ${url}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async openHttp(req: FetchRequest): Promise<FetchedBody> {
    const headersMs = (req.timeouts?.httpResponseHeaders ?? 10) * 1000;
    const totalS = req.timeouts?.httpTotal ?? 0;
    // ignition.timeouts.httpTotal bounds everything: attempts, waits, redirects and the body.
    const total = new AbortController();
    const timedOut = () => `unable to fetch resource in time (ignition.timeouts.httpTotal: ${totalS} s)`;
    const timer = totalS > 0 ? setTimeout(() => total.abort(new Error(timedOut())), totalS * 1000) : undefined;
    const stop = () => clearTimeout(timer);
    const retries = this.opts.retries ?? 5;
    let delay = this.opts.backoffMs ?? 100;
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const res = await httpOpen(req, { headersMs, idleMs: this.opts.timeoutMs ?? 10_000, signal: total.signal });
        if (res.statusCode === 200) {
          const length = Number(res.headers['content-length']);
          const close = () => {
            res.destroy();
            stop();
          };
          const chunks = guarded(
            res,
            req.url,
            (e) => (total.signal.aborted ? timedOut() : `reading the body: ${e.message}`),
            close,
          );
          return { chunks, ...(Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}), close };
        }
        res.destroy();
        last = `HTTP ${res.statusCode}`;
        if ((res.statusCode ?? 0) < 500) break;
      } catch (err) {
        if (total.signal.aborted) {
          stop();
          throw fetchFailed(req.url, timedOut());
        }
        last = (err as Error).message;
        if (err instanceof PermanentHttpError) break;
      }
      if (attempt < retries) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          total.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              r();
            },
            { once: true },
          );
        });
        delay = Math.min(delay * 2, 5000);
        if (total.signal.aborted) break;
      }
    }
    stop();
    throw fetchFailed(req.url, total.signal.aborted ? timedOut() : last);
  }
}

/** A path given on the command line, made absolute against `cwd` (the tools' --root takes only absolute paths). */
export function hostPath(cwd: string, path: string): string {
  return resolve(cwd, path);
}

export function rootPorts(
  root: string,
  opts: { fetcher?: FetcherOptions; runner?: ProcessRunner } = {},
): ProvisionPorts {
  root = resolve(root);
  return {
    fs: new RootedFs(root),
    fetcher: new NodeFetcher(opts.fetcher),
    codec: nodeCodec,
    runner: opts.runner ?? new NodeProcessRunner(),
    rootForTools: root,
  };
}
