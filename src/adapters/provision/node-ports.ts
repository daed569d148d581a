/** The node adapters of the provisioning ports: process runner, fetcher (file, http, https), codec. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../core/index.js';
import type { Codec, Fetcher, FetchRequest, ProcessResult, ProcessRunner, ProvisionPorts } from '../../provision/index.js';
import { RootedFs } from './rooted-fs.js';
import { httpGet } from './http-get.js';

export const nodeCodec: Codec = {
  digest: (alg, data) => createHash(alg).update(data).digest('hex'),
  gunzip: (data) => new Uint8Array(gunzipSync(data)),
};

export class NodeProcessRunner implements ProcessRunner {
  constructor(private readonly env: Record<string, string | undefined> = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }) {}
  run(command: string, args: readonly string[], opts: { input?: string } = {}): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], { env: this.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
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
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly backoffMs?: number;
}

export class NodeFetcher implements Fetcher {
  constructor(private readonly opts: FetcherOptions = {}) {}
  async fetch(req: FetchRequest): Promise<Uint8Array> {
    if (req.url.startsWith('file:')) {
      try {
        return new Uint8Array(await readFile(fileURLToPath(req.url)));
      } catch (err) {
        throw new AppError('PROVISION_FETCH_FAILED', `reading ${req.url}: ${(err as Error).message}`, { cause: err });
      }
    }
    const retries = this.opts.retries ?? 5;
    let delay = this.opts.backoffMs ?? 100;
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const res = await httpGet(req, this.opts.timeoutMs ?? 10_000);
        if (res.status === 200) return res.body;
        last = `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500) break;
      } catch (err) {
        last = (err as Error).message;
      }
      if (attempt < retries) {
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
    throw new AppError('PROVISION_FETCH_FAILED', `fetching ${req.url}: ${last}`);
  }
}

/** A path given on the command line, made absolute against `cwd` (the tools' --root takes only absolute paths). */
export function hostPath(cwd: string, path: string): string {
  return resolve(cwd, path);
}

export function rootPorts(root: string, opts: { fetcher?: FetcherOptions; runner?: ProcessRunner } = {}): ProvisionPorts {
  root = resolve(root);
  return { fs: new RootedFs(root), fetcher: new NodeFetcher(opts.fetcher), codec: nodeCodec, runner: opts.runner ?? new NodeProcessRunner(), rootForTools: root };
}
