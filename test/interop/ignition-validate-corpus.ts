/**
 * Shared by the Ignition interop test and the recorder: where the corpus
 * lives, how to run the reference `ignition-validate` (Debian's Ignition
 * 2.14) and Hull on one file, and how to pull the JSON paths out of either
 * tool's one-line-per-problem output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/ignition/corpus/', import.meta.url));
export const EXPECTED_FILE = join(CORPUS_DIR, 'expected.json');
export const IGNITION_VALIDATE = '/usr/bin/ignition-validate';
export const INSTALL_HINT =
  'ignition-validate is missing: install it with `scripts/setup-system` (Debian package `ignition`)';

/** One tool's verdict on one file: exit code and stdout lines (stderr kept apart). */
export interface Verdict {
  exit: number;
  lines: string[];
  stderr?: string[];
}

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.ign'))
    .sort();
}

export function ignitionValidatePresent(): boolean {
  return existsSync(IGNITION_VALIDATE);
}

const toLines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

export function verdictOf(cmd: string, args: string[], cwd: string): Verdict {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  if (r.status === null) throw new Error(`${cmd} ${args.join(' ')} died with signal ${r.signal}`);
  const v: Verdict = { exit: r.status, lines: toLines(r.stdout) };
  const err = toLines(r.stderr);
  if (err.length > 0) v.stderr = err;
  return v;
}

/** As verdictOf, without blocking: for running many files a few at a time. */
export function verdictOfAsync(cmd: string, args: string[], cwd: string): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === null) return reject(new Error(`${cmd} ${args.join(' ')} died with signal ${signal}`));
      const v: Verdict = { exit: code, lines: toLines(out) };
      const e = toLines(err);
      if (e.length > 0) v.stderr = e;
      resolve(v);
    });
  });
}

/** Maps `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Runs the real ignition-validate on a corpus file (by name, from the corpus folder). */
export function runIgnitionValidate(file: string): Verdict {
  return verdictOf(IGNITION_VALIDATE, [file], CORPUS_DIR);
}

const PATH_RE = /^(error|warning) at (\$[^,]*),/i;

/** The set of `severity path` pairs reported, e.g. `error $.storage.files.0.path`. */
export function reportedPaths(lines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) {
    const m = PATH_RE.exec(l);
    if (m) out.add(`${m[1]!.toLowerCase()} ${m[2]}`);
  }
  return out;
}
