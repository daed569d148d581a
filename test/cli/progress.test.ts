import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HULL_BIN, REPO } from '../helpers/hull.js';

// The live progress line of `hull provision --image` (docs/cli.md#progress): drawn
// on a terminal (util-linux `script` gives the child a pseudo-terminal), absent
// when stderr is not one, silenced by -q. The fetched file comes from a loopback
// server that sends 2 MiB in 16 pieces over about a second.
const TOOLS = ['/usr/bin/script', '/usr/sbin/mke2fs'];
const BIG = 2 * 1024 * 1024;
const CLEAR = '\r\x1b[K';
let work = '';
let server: Server;
let url = '';

function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs a command to its end without blocking this process (the server answers meanwhile). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: REPO,
      env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function hullArgs(image: string, extra: string[] = []): string[] {
  return [HULL_BIN, ...extra, 'provision', '--image', image, '--size', '8GiB', join(work, 'config.ign')];
}

/** `hull …` on a pseudo-terminal: stdout and stderr are both the terminal, read from script's stdout. */
function onTerminal(args: string[]) {
  return run('script', ['-qfec', [process.execPath, ...args].map(sh).join(' '), '/dev/null']);
}

before(async () => {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run scripts/setup-system (util-linux, e2fsprogs)`);
  if (!existsSync(join(REPO, 'dist/hull.cjs')))
    throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
  work = mkdtempSync(join(tmpdir(), 'hull-progress-'));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': String(BIG) });
    let sent = 0;
    const piece = Buffer.alloc(BIG / 16, 0x61);
    const next = () => {
      if (sent >= BIG) return void res.end();
      res.write(piece);
      sent += piece.length;
      setTimeout(next, 60);
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
  writeFileSync(
    join(work, 'config.ign'),
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/big', contents: { source: url } }] },
    }),
  );
});
after(() => {
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const SUMMARY =
  'stage fetch: ok\nstage users: ok\nstage files: ok\nstage units: ok\nstage disks: ok\nstage filesystems: ok\nprovisioned\n';

test('on a terminal: a live line with the stages, the bytes and rate of the fetch, erased before the summary', async () => {
  const r = await onTerminal(hullArgs(join(work, 'tty.img')));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = r.stdout;
  assert.ok(out.includes(CLEAR), `no carriage return + erase: ${JSON.stringify(out)}`);
  assert.match(out, /\r\x1b\[Kfiles: writing file "\/big" — [\d.]+ (B|KiB|MiB) of 2\.00 MiB \(\d+%\)/);
  assert.match(out, /of 2\.00 MiB \(\d+%\), [\d.]+ (KiB|MiB)\/s/, 'a rate once the transfer has run a while');
  assert.match(out, /\r\x1b\[K(users|disks|files|filesystems): /);
  // each redraw replaces the line: nothing but the summary ends in a newline
  const lastClear = out.lastIndexOf(CLEAR);
  assert.equal(
    out.slice(lastClear + CLEAR.length).replace(/\r\n/g, '\n'),
    SUMMARY,
    'the line is erased before the summary',
  );
  assert.equal(
    out
      .split(CLEAR)
      .slice(1, -1)
      .filter((s) => s.includes('\n')).length,
    0,
    'status lines hold no newline',
  );
});

test('without a terminal: exactly the summary, nothing on stderr (no \\r, no escape)', async () => {
  const r = await run(process.execPath, hullArgs(join(work, 'pipe.img')));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, SUMMARY);
  assert.equal(r.stderr, '');
});

test('-q on a terminal: no progress line, only the summary', async () => {
  const r = await onTerminal(hullArgs(join(work, 'quiet.img'), ['-q']));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.replace(/\r\n/g, '\n'), SUMMARY);
  const r2 = await onTerminal([...hullArgs(join(work, 'quiet2.img')), '--quiet']);
  assert.equal(r2.status, 0, r2.stdout + r2.stderr);
  assert.equal(r2.stdout.replace(/\r\n/g, '\n'), SUMMARY, '--quiet after the subcommand too');
});
