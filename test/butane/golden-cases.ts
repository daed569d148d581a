/**
 * The Butane golden corpus (test/fixtures/butane/<case>/): `config.bu` (the
 * input), optional `args` (one command-line argument per line; `-d files`
 * names the case's `files/` directory), optional `stdin` (present: the
 * config is piped instead of named), and what butane 0.29.0 did:
 * `expected.stdout`, `expected.stderr`, `expected.status`. Recorded by
 * test/butane/record-butane.ts; compared by test/butane/golden.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO } from '../helpers/hull.js';

export const CASES_DIR = join(REPO, 'test/fixtures/butane');

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  /** Arguments after the program name (the input file last, unless stdin). */
  readonly args: string[];
  readonly stdin: string | undefined;
  readonly input: string;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(CASES_DIR)
    .filter((n) => existsSync(join(CASES_DIR, n, 'config.bu')))
    .sort()
    .map((name) => {
      const dir = join(CASES_DIR, name);
      const input = readFileSync(join(dir, 'config.bu'), 'utf8');
      const argsFile = join(dir, 'args');
      const args = existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
      const piped = existsSync(join(dir, 'stdin'));
      return { name, dir, args: piped ? args : [...args, 'config.bu'], stdin: piped ? input : undefined, input };
    });
}

export interface Expected {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

export function expected(c: GoldenCase): Expected {
  return {
    stdout: readFileSync(join(c.dir, 'expected.stdout'), 'utf8'),
    stderr: readFileSync(join(c.dir, 'expected.stderr'), 'utf8'),
    status: Number(readFileSync(join(c.dir, 'expected.status'), 'utf8').trim()),
  };
}

/**
 * Gzip bytes differ between Go's compress/gzip and zlib: every base64 data
 * URL that holds gzip data is replaced by its decompressed contents, so
 * outputs compare by what they decode to.
 */
export function normalizeGzip(text: string): string {
  return text.replace(/data:;base64,([A-Za-z0-9+/=]*)/g, (whole, b64: string) => {
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return whole;
    return `data:gunzipped,${gunzipSync(bytes).toString('base64')}`;
  });
}

/**
 * Butane lists the unknown keys of one mapping in Go map order (random);
 * Hull in source order. Runs of `unused key` entries under the same parent
 * are compared as sets (sorted); everything else keeps its order.
 */
export function normalizeUnusedOrder(stderr: string): string {
  const pretty = /^(error|warning|info)\[/m.test(stderr) || /^(error|warning|info):\n/m.test(stderr);
  const entries = pretty ? stderr.split('\n\n') : stderr.split('\n');
  const parentOf = (e: string): string | undefined => {
    if (!/unused key /.test(e)) return undefined;
    const m = /^(?:warning)(?:\[|\s+at\s+)(\$[^\]\s,:]*)/.exec(e);
    return m === null ? undefined : m[1]!.replace(/\.[^.]*$/, '');
  };
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const p = parentOf(entries[i]!);
    let j = i + 1;
    if (p !== undefined) while (j < entries.length && parentOf(entries[j]!) === p) j++;
    out.push(...entries.slice(i, j).sort());
    i = j;
  }
  return out.join(pretty ? '\n\n' : '\n');
}
