import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HULL_BIN, REPO, runHull, startServer } from '../helpers/hull.js';

// `hull serve` as a person first meets it (issue 12): the log on a terminal
// and in a pipe, an impossible data dir, options from the environment.
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hull-serve-'));
  dirs.push(d);
  return d;
}

describe('hull serve, the first hour', () => {
  test('not on a terminal: JSON lines, exactly one line per request at info', async () => {
    const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(tempDir(), 'd')]);
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    } finally {
      assert.equal((await server.stop()).code, 0, server.logs());
    }
    const lines = server
      .logs()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    assert.deepEqual(
      requests.map((l) => [l.level, l.method, l.url, l.status]),
      [
        [30, 'GET', '/healthz', 200],
        [30, 'GET', '/nope', 404],
      ],
    );
    assert.ok(requests.every((l) => typeof l.ms === 'number' && typeof l.reqId === 'string'));
    assert.ok(
      !lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed'),
      "fastify's two lines per request are gone",
    );
  });

  test('on a terminal (script(1) gives it one): the URL alone on the first line, then lines for a person', async (t) => {
    if (spawnSync('script', ['--version']).error) assert.fail('script(1) is missing: apt-get install bsdutils');
    const data = join(tempDir(), 'd');
    const inner = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(HULL_BIN)} serve --listen 127.0.0.1:0 --data-dir ${JSON.stringify(data)}`;
    const child = spawn('script', ['-qfec', inner, '/dev/null'], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    t.after(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const waitFor = async (re: RegExp) => {
      const t0 = Date.now();
      while (!re.test(out)) {
        if (Date.now() - t0 > 20_000) assert.fail(`no ${re} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return re.exec(out)!;
    };
    const url = (await waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\r?$/m))[1]!;
    await waitFor(/INFO  hull listening store=sqlite/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    await waitFor(/^\d\d:\d\d:\d\d INFO  GET \/healthz 200 [\d.]+ms\r?$/m);
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    assert.equal(lines[0], url, 'the URL comes first, on its own line');
    assert.ok(!out.includes('{"level"'), `no JSON on a terminal:\n${out}`);
    assert.ok(!out.includes('Server listening at'));
    // script(1) and the server share the group: both end (the pty closes, so the last lines may not reach us).
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });

  test('--data-dir that cannot be made (/proc/x): exit 3 at once (well before any retry would), with the reason', () => {
    const t0 = Date.now();
    const r = runHull(['serve', '--listen', '127.0.0.1:0', '--data-dir', '/proc/x']);
    const ms = Date.now() - t0;
    assert.equal(r.status, 3, r.stderr);
    // A bound against waiting or retrying, not a speed goal (a loaded 2-core machine takes 2–3 s to start Node and load the CLI).
    assert.ok(ms < 8000, `took ${ms} ms`);
    assert.match(r.stderr, /^hull: error STORE_OPEN_FAILED: .*cannot create the data directory \/proc\/x: ENOENT/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('HULL_LISTEN and HULL_DATA_DIR set the options; a flag wins over its variable; a bad value names the variable', async () => {
    const data = join(tempDir(), 'env-data');
    const server = await startServer([], {
      env: { HULL_LISTEN: '127.0.0.1:0', HULL_DATA_DIR: data, HULL_LOG_LEVEL: 'info' },
    });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.ok(existsSync(join(data, 'hull.sqlite')));
    } finally {
      assert.equal((await server.stop()).code, 0);
    }
    const flagWins = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(tempDir(), 'd')], {
      env: { HULL_LISTEN: 'not an address' },
    });
    assert.equal((await fetch(`${flagWins.url}/healthz`)).status, 200);
    assert.equal((await flagWins.stop()).code, 0);
    const bad = runHull(['serve', '--data-dir', join(tempDir(), 'd')], { env: { HULL_TRANSPILE_QUEUE: 'many' } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^hull: error USAGE: HULL_TRANSPILE_QUEUE: "many" must be a whole number/m);
    const help = runHull(['serve', '--help']);
    assert.match(help.stdout, /env:\s+HULL_LISTEN/);
    assert.match(help.stdout, /env:\s+HULL_DATA_DIR/);
  });
});
