import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { freePort } from '../../src/adapters/node/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { testContext } from '../helpers/in-process.js';
import { HULL_BIN, runHull, startServer, type RunningServer } from '../helpers/hull.js';

// `hull update …` against a real `hull serve` (SQLite, a free port), driven as a user would:
// the built binary, flags, environment, exit codes, text and -o json (docs/cli.md#hull-update).

const PAYLOAD = fileURLToPath(new URL('../fixtures/update/payload-signed.bin', import.meta.url));
const OMAHA_FIRST_CHECK = fileURLToPath(
  new URL('../fixtures/update/omaha/requests/check-first-previousversion-0.0.0.0.xml', import.meta.url),
);
const MACHINE = '0359d69696fe8580fa87ec3b08ffbc30';
const STABLE_AMD64_GROUP = '9a2deb70-37be-4026-853f-bfdd6b347bbe';

const root = mkdtempSync(join(tmpdir(), 'hull-update-cli-'));
// The server's data dir is ./hull-data of `root`: commands run in `root` find its admin-token by default.
const dataDir = join(root, 'hull-data');
const elsewhere = join(root, 'elsewhere');
mkdirSync(elsewhere);
let server: RunningServer;
let token: string;

before(async () => {
  server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-format', 'json']);
  token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
});
after(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run the built binary as a process (else the same CLI code in this process, one run at a time: cheaper). */
  process?: boolean;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * `hull ARGS` in a directory without a hull-data, with HULL_SERVER and HULL_TOKEN unless `env` says
 * otherwise: as a process of bin/hull.cjs with `process`, else through the CLI's main() in this process.
 */
function hull(args: readonly string[], opts: RunOptions = {}): Promise<Run> {
  const env: Record<string, string | undefined> = {
    NO_COLOR: '1',
    HULL_SERVER: server.url,
    HULL_TOKEN: token,
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  if (opts.process !== true) {
    const run = queue.then(async () => {
      let stdout = '';
      let stderr = '';
      const ctx = testContext({
        stdout: { write: (t: string) => void (stdout += t) },
        stderr: { write: (t: string) => void (stderr += t) },
        env,
        cwd: opts.cwd ?? elsewhere,
      });
      const status = await main(args, ctx);
      return { status, stdout, stderr };
    });
    queue = run.catch(() => undefined);
    return run;
  }
  const penv: Record<string, string | undefined> = {
    ...process.env,
    HULL_TOKEN_FILE: undefined,
    HULL_DATA_DIR: undefined,
    ...env,
  };
  for (const k of Object.keys(penv))
    if (penv[k] === undefined || (opts.env && k in opts.env && opts.env[k] === undefined)) delete penv[k];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HULL_BIN, ...args],
      { cwd: opts.cwd ?? elsewhere, env: penv, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ status: err ? (((err as { code?: unknown }).code as number) ?? null) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs with -o json and returns the envelope's result, failing on anything but exit 0. */
async function json<T = any>(args: readonly string[], opts?: RunOptions): Promise<T> {
  const r = await hull(['-o', 'json', ...args], opts);
  assert.equal(r.status, 0, `hull ${args.join(' ')}: ${r.stderr}`);
  const env = JSON.parse(r.stdout);
  assert.deepEqual([env.ok, env.error, env.issues], [true, null, []]);
  return env.result as T;
}

/** Expects a failure with this exit code; returns stderr's text and, with -o json, the envelope. */
async function fails(args: readonly string[], exit: number, opts?: RunOptions): Promise<Run> {
  const r = await hull(args, opts);
  assert.equal(r.status, exit, `hull ${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return r;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('hull update against hull serve', () => {
  let pkgId: string;

  test('packages upload streams the real payload, --promote points stable (amd64) at it; the server hosts the same bytes', async () => {
    const up = await hull(['update', 'packages', 'upload', PAYLOAD, '--version', '3815.2.0', '--promote', 'stable'], {
      process: true,
    });
    assert.equal(up.status, 0, up.stderr);
    assert.match(
      up.stdout,
      /^uploaded .*payload-signed\.bin as package 3815\.2\.0 \(amd64\) [0-9a-f-]{36}: 529 KiB, sha256 55989a2ec1b949bac1ba947bd7afbbbdcdef915aa7690fd9954c1a550e94c441\nchannel stable \(amd64\) now points at 3815\.2\.0\n$/,
    );
    assert.equal(up.stderr, '', 'no progress line when stderr is not a terminal');

    const [pkg, channels, text, again] = await Promise.all([
      json(['update', 'packages', 'show', '3815.2.0']),
      json(['update', 'channels', 'list']),
      hull(['update', 'channels', 'list']),
      fails(['update', 'packages', 'upload', PAYLOAD, '--version', '3815.2.0'], 1),
    ]);
    pkgId = pkg.id;
    assert.deepEqual(
      [pkg.size, pkg.sha256Hex, pkg.action.sha256, pkg.sha1, pkg.url, pkg.filename],
      [
        541497,
        '55989a2ec1b949bac1ba947bd7afbbbdcdef915aa7690fd9954c1a550e94c441',
        'VZiaLsG5SbrBupR716+7vc3vkVqnaQ/ZlUwaVQ6UxEE=',
        'xvhO5QwHYwRXF8JoqN7yFr4zmII=',
        null,
        'flatcar_production_update.gz',
      ],
    );
    const download = Buffer.from(
      await (await fetch(`${server.url}/packages/${pkgId}/flatcar_production_update.gz`)).arrayBuffer(),
    );
    assert.equal(sha256(download), sha256(readFileSync(PAYLOAD)));

    const stable = channels.items.find(
      (c: { name: string; arch: string }) => c.name === 'stable' && c.arch === 'amd64',
    );
    assert.equal(stable.packageId, pkgId);
    // A table for people: a header, columns aligned (each row's VERSION starts where the header's does).
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID +NAME +ARCH +VERSION +PACKAGE$/);
    const row = lines.find((l) => l.includes(stable.id))!;
    assert.equal(row.indexOf('3815.2.0'), lines[0]!.indexOf('VERSION'));
    assert.match(row, new RegExp(`^${stable.id} +stable +amd64 +3815\\.2\\.0 +${pkgId}$`));

    assert.match(again.stderr, /^hull: error CONFLICT: .*3815\.2\.0 for amd64 already/);
  });

  test('packages hosted elsewhere: add (the file URL split into codebase and name), floors, blacklist, delete; bad hashes are REQUEST_INVALID with details', async () => {
    const sha = createHash('sha256').update('x').digest();
    const sha1 = createHash('sha1').update('x').digest('base64');
    const added = await json([
      'update',
      'packages',
      'add',
      '--version',
      '3700.0.0',
      '--url',
      'https://dl.example.com/3700.0.0/flatcar_production_update.gz',
      '--size',
      '1000',
      '--sha1',
      sha1,
      '--sha256',
      sha.toString('hex'),
    ]);
    assert.deepEqual(
      [added.url, added.filename, added.arch, added.action.sha256],
      ['https://dl.example.com/3700.0.0/', 'flatcar_production_update.gz', 'amd64', sha.toString('base64')],
    );

    assert.deepEqual(
      await json(['update', 'floors', 'add', 'stable', '3700.0.0', '--arch', 'amd64', '--reason', 'migrates /etc']),
      { channelId: 'e06064ad-4414-4904-9a6e-fd465593d1b2', packageId: added.id, reason: 'migrates /etc' },
    );
    const [floors, floorAmbiguous] = await Promise.all([
      hull(['update', 'floors', 'list', 'stable', '--arch', 'amd64']),
      fails(['update', 'floors', 'list', 'stable'], 2),
    ]);
    assert.match(floors.stdout, new RegExp(`^PACKAGE +VERSION +REASON\n${added.id} +3700\\.0\\.0 +migrates /etc\n$`));
    assert.match(
      floorAmbiguous.stderr,
      /channel "stable" is ambiguous: stable \(aarch64\), stable \(amd64\)\nhull: hint: add --arch/,
    );
    assert.equal(
      (await hull(['update', 'floors', 'remove', 'e06064ad-4414-4904-9a6e-fd465593d1b2', '3700.0.0'])).status,
      0,
    );

    const black = await json(['update', 'packages', 'blacklist', '3700.0.0', '--channel', 'beta', '--arch', 'amd64']);
    assert.deepEqual(black.blacklistChannelIds, ['128b8c29-5058-4643-8e67-a1a0e3c641c9']);
    assert.deepEqual(
      (await json(['update', 'packages', 'blacklist', '3700.0.0', '--channel', 'beta', '--arch', 'amd64', '--remove']))
        .blacklistChannelIds,
      [],
    );
    assert.match(
      (await hull(['update', 'packages', 'delete', '3700.0.0'])).stdout,
      /^deleted package 3700\.0\.0 \(amd64\)/,
    );
    assert.deepEqual(
      (await json(['update', 'packages', 'list'])).items.map((p: { version: string }) => p.version),
      ['3815.2.0'],
    );

    const badArgs = [
      'update',
      'packages',
      'add',
      '--version',
      '3700.0.1',
      '--url',
      'https://dl.example.com/a.gz',
      '--size',
      '1',
      '--sha1',
      'not-base64',
      '--sha256',
      sha.toString('hex'),
    ];
    const [bad, badJson] = await Promise.all([fails(badArgs, 2), fails(['-o', 'json', ...badArgs], 2)]);
    assert.match(bad.stderr, /^hull: error REQUEST_INVALID: .*\nhull: {3}\$\.sha1: .*\n/);
    const env = JSON.parse(badJson.stderr);
    assert.equal(env.error.code, 'REQUEST_INVALID');
    assert.equal(env.error.details[0].path, '$.sha1');
  });

  test('groups: create with policy flags, set more, show; rollout percent/halt/resume/pin/unpin, each as the API answers', async () => {
    const created = await json([
      'update',
      'groups',
      'create',
      'canary',
      '--track',
      'canary',
      '--channel',
      'stable',
      '--arch',
      'amd64',
      '--max-per-period',
      '5',
      '--period',
      '15m',
      '--safe-mode',
      'off',
    ]);
    assert.deepEqual(
      [
        created.name,
        created.track,
        created.channelId,
        created.policy.maxUpdatesPerPeriod,
        created.policy.periodIntervalSeconds,
        created.policy.safeMode,
      ],
      ['canary', 'canary', 'e06064ad-4414-4904-9a6e-fd465593d1b2', 5, 900, false],
    );

    const set = await json([
      'update',
      'groups',
      'set',
      'canary',
      '--auto-halt',
      'on',
      '--halt-threshold',
      '0.25',
      '--halt-min-samples',
      '3',
      '--halt-window',
      '2h',
      '--update-timeout',
      '1h30m',
      '--office-hours',
      '--timezone',
      'Europe/Berlin',
    ]);
    assert.deepEqual(set.policy.autoHalt, { enabled: true, threshold: 0.25, minSamples: 3, windowSeconds: 7200 });
    assert.deepEqual(
      [set.policy.updateTimeoutSeconds, set.policy.officeHours, set.policy.timezone, set.policy.maxUpdatesPerPeriod],
      [5400, true, 'Europe/Berlin', 5],
    );
    const shown = await hull(['update', 'groups', 'show', 'canary']);
    assert.match(shown.stdout, /^id: +[0-9a-f-]{36}\nname: +canary\ntrack: +canary\nchannel: +stable \(amd64\)\n/);
    assert.match(shown.stdout, /\nmax per period: +5 per 15m\n/);
    assert.match(shown.stdout, /\nauto-halt: +on: threshold 0\.25, at least 3 samples, window 2h\n/);
    assert.equal((await hull(['update', 'groups', 'set', 'canary', '--office-hours', 'off'])).status, 0);

    const staged = await json(['update', 'rollout', 'percent', 'canary', '40', '--ramp', '6h']);
    assert.equal(staged.policy.staged.percent, 40);
    assert.equal(staged.policy.staged.schedule.durationSeconds, 21600);
    const halted = await json(['update', 'rollout', 'halt', 'canary', '--reason', 'canary failing']);
    assert.equal(halted.rollout.halted.reason, 'canary failing');
    const state = await json(['update', 'rollout', 'show', created.id]);
    assert.deepEqual([state.targetVersion, state.group.rollout.halted.reason], ['3815.2.0', 'canary failing']);
    assert.ok(state.stagedPercentNow >= 40 && state.stagedPercentNow < 41);
    const stateText = await hull(['update', 'rollout', 'show', 'canary']);
    assert.match(stateText.stdout, /\ntarget: +3815\.2\.0\nstate: +HALTED, staged 40%↗ since .*: canary failing\n/);
    assert.equal((await json(['update', 'rollout', 'resume', 'canary'])).rollout.halted, null);

    const pinned = await json(['update', 'rollout', 'pin', 'canary', '3815.2.0', '--allow-downgrade']);
    assert.deepEqual(pinned.policy.pin, { packageId: pkgId, allowDowngrade: true });
    assert.match(
      (await hull(['update', 'groups', 'list'])).stdout,
      /\n[0-9a-f-]{36} +canary +canary +stable \(amd64\) +pinned 3815\.2\.0 \(downgrade\), staged 40%↗\n/,
    );
    assert.equal((await json(['update', 'rollout', 'unpin', 'canary'])).policy.pin, null);
  });

  test('instances, versions and activity after a machine checks in with a recorded update_engine request', async () => {
    const res = await fetch(`${server.url}/v1/update`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: readFileSync(OMAHA_FIRST_CHECK),
    });
    assert.match(await res.text(), /<updatecheck status="ok">/);

    const [list, text, noErrors, one, oneText, versions, versionsText, activity, errors, activityText] =
      await Promise.all([
        json(['update', 'instances', 'list', '--group', 'Stable (AMD64)', '--status', 'granted'], { process: true }),
        hull(['update', 'instances', 'list', '--search', 'selftest', '--sort', 'version', '--desc', '--all']),
        json(['update', 'instances', 'list', '--status', 'error']),
        json(['update', 'instances', 'show', MACHINE]),
        hull(['update', 'instances', 'show', MACHINE]),
        json(['update', 'versions', STABLE_AMD64_GROUP]),
        hull(['update', 'versions', 'stable', '--arch', 'amd64']),
        json(['update', 'activity', '--since', '1h']),
        json(['update', 'activity', '--severity', 'error', '--group', 'canary']),
        hull(['update', 'activity', '--group', 'canary']),
      ]);
    assert.equal(list.total, 1);
    assert.deepEqual(
      [
        list.items[0].instance.id,
        list.items[0].instance.alias,
        list.items[0].app.version,
        list.items[0].app.status,
        list.items[0].app.groupId,
      ],
      [MACHINE, 'selftest-1', '1000.0.0', 'granted', STABLE_AMD64_GROUP],
    );
    assert.match(
      text.stdout,
      new RegExp(
        `^MACHINE +ALIAS +IP +VERSION +STATUS +GROUP +LAST CHECK\n${MACHINE} +selftest-1 +127\\.0\\.0\\.1 +1000\\.0\\.0 +granted +Stable \\(AMD64\\) +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\n$`,
      ),
    );
    assert.equal(text.stderr, 'hull: 1 machine\n');
    assert.equal(noErrors.total, 0);
    assert.deepEqual(
      one.apps[0].statusHistory.map((h: { status: string }) => h.status),
      ['granted'],
    );
    assert.match(oneText.stdout, /\nlast grant: +3815\.2\.0 from 1000\.0\.0 at /);

    assert.deepEqual(versions.items, [{ version: '1000.0.0', instances: 1, percent: 100 }]);
    assert.match(versionsText.stdout, /^VERSION +MACHINES +SHARE\n1000\.0\.0 +1 +100%\n$/);

    const classes = activity.items.map((a: { className: string }) => a.className);
    for (const c of ['channel-package-updated', 'rollout-halted', 'rollout-resumed', 'staged-percent-changed'])
      assert.ok(classes.includes(c), `${c} in ${classes}`);
    assert.ok(
      errors.items.length >= 1 && errors.items.every((a: { severityName: string }) => a.severityName === 'error'),
    );
    assert.match(activityText.stdout, /^TIME +SEVERITY +WHAT +VERSION +MESSAGE\n/);
  });

  test('apps: create with a product id, use it by product id and by name, delete only with --yes', async () => {
    const app = await json([
      'update',
      'apps',
      'create',
      '--name',
      'Demo',
      '--product-id',
      'io.example.demo',
      '--description',
      'a test app',
    ]);
    const edge = await json(['update', '--app', 'io.example.demo', 'channels', 'create', 'edge', '--arch', 'x86']);
    assert.equal(edge.appId, app.id);
    assert.deepEqual(
      (await json(['update', 'channels', 'list', '--app', 'demo'])).items.map((c: { name: string }) => c.name),
      ['edge'],
    );
    assert.match(
      (await hull(['update', 'apps', 'list'])).stdout,
      /\n[0-9a-f-]{36} +Demo +io\.example\.demo +a test app\n/,
    );
    assert.match((await fails(['update', 'apps', 'delete', app.id], 2)).stderr, /add --yes to confirm/);
    assert.equal((await hull(['update', 'apps', 'delete', app.id, '--yes'])).status, 0);
    assert.match((await fails(['update', 'apps', 'show', app.id], 3)).stderr, /^hull: error NOT_FOUND: no application/);
  });

  test('mistakes: an unknown group is NOT_FOUND (exit 3), a bad flag value USAGE (exit 2), a server-side refusal REQUEST_INVALID with its details', async () => {
    const [unknown, unknownJson, threshold, arch, status, tz] = await Promise.all([
      fails(['update', 'rollout', 'halt', 'nosuch'], 3, { process: true }),
      fails(['-o', 'json', 'update', 'groups', 'show', 'nosuch'], 3),
      fails(['update', 'groups', 'set', 'canary', '--halt-threshold', '2'], 2, { process: true }),
      fails(['update', 'channels', 'create', 'x', '--arch', 'mips'], 2),
      fails(['update', 'instances', 'list', '--status', 'sleeping'], 2),
      fails(['update', 'groups', 'set', 'canary', '--timezone', 'Mars/Olympus'], 2),
    ]);
    assert.equal(
      unknown.stderr,
      'hull: error NOT_FOUND: no group "nosuch" (by id, name or track)\nhull: hint: hull update groups list shows them\n',
    );
    assert.deepEqual(JSON.parse(unknownJson.stderr), {
      ok: false,
      result: null,
      issues: [],
      error: {
        code: 'NOT_FOUND',
        message: 'no group "nosuch" (by id, name or track)',
        hint: 'hull update groups list shows them',
      },
    });
    assert.match(
      threshold.stderr,
      /^hull: error USAGE: --halt-threshold: "2" must be a number from 0 to 1\nhull: run 'hull update groups set --help' for usage\n$/,
    );
    assert.match(arch.stderr, /^hull: error USAGE: option '--arch <arch>' argument 'mips' is invalid/);
    assert.match(status.stderr, /^hull: error USAGE: .*'sleeping' is invalid/);
    assert.equal(
      tz.stderr,
      "hull: error REQUEST_INVALID: unknown time zone Mars/Olympus\nhull:   $.policy.timezone: unknown time zone Mars/Olympus\nhull: run 'hull update groups set --help' for usage\n",
    );
    // The ambiguous seeded track names both groups and asks for --arch.
    assert.match(
      (await fails(['update', 'rollout', 'show', 'stable'], 2)).stderr,
      /group "stable" is ambiguous: "Stable \(AMD64\)" \(amd64, 9a2deb70-[^)]*\), "Stable \(ARM\)" \(aarch64, /,
    );
  });

  test('the token: the admin-token file of ./hull-data by default; none → UNAUTHORIZED with the hull token hint; a viewer may read, not write (FORBIDDEN)', async () => {
    const noToken = { env: { HULL_TOKEN: undefined } };
    const [byDefault, none, noneEnvelope, wrong, missingFile] = await Promise.all([
      json(['update', 'apps', 'list'], { cwd: root, ...noToken, process: true }),
      fails(['update', 'groups', 'list'], 2, { ...noToken, process: true }),
      fails(['-o', 'json', 'update', 'groups', 'list'], 2, noToken),
      fails(['update', 'groups', 'list', '--token', `${token.slice(0, -2)}AA`], 2),
      fails(['update', 'groups', 'list', '--token-file', 'no-such-file'], 3, noToken),
    ]);
    assert.equal(byDefault.items[0].id, 'e96281a6-d1af-4bde-9a0a-97b76e56dc57');
    assert.match(
      none.stderr,
      /^hull: error UNAUTHORIZED: .*\nhull: hint: no token was given: pass --token T, set HULL_TOKEN, or give --token-file F .*'hull token create --role admin'.*\n$/,
    );
    const noneJson = JSON.parse(noneEnvelope.stderr);
    assert.equal(noneJson.error.code, 'UNAUTHORIZED');
    assert.match(noneJson.error.hint, /hull token create/);
    assert.match(wrong.stderr, /hint: the token from --token is unknown to this server or revoked/);
    assert.match(missingFile.stderr, /^hull: error NOT_FOUND: token file: no such file: no-such-file\n/);

    const made = runHull(['token', 'create', '--role', 'viewer', '--data-dir', dataDir]);
    assert.equal(made.status, 0, made.stderr);
    const viewer = made.stdout.trim();
    assert.equal((await hull(['update', 'groups', 'list'], { env: { HULL_TOKEN: viewer } })).status, 0);
    const forbidden = await fails(['update', 'rollout', 'halt', 'canary'], 2, { env: { HULL_TOKEN: viewer } });
    assert.match(
      forbidden.stderr,
      /^hull: error FORBIDDEN: .*\nhull: hint: a viewer token may only read: use an admin token/,
    );
  });

  test('a server that is not there: SERVER_UNREACHABLE (exit 3) naming the URL, hinting hull serve and --server', async () => {
    const port = await freePort();
    const down = await fails(['update', 'channels', 'list', '--server', `http://127.0.0.1:${port}`], 3, {
      process: true,
    });
    assert.equal(
      down.stderr,
      `hull: error SERVER_UNREACHABLE: cannot reach the Hull server at http://127.0.0.1:${port}: connection refused\nhull: hint: is it running? start it with 'hull serve', or give its URL with --server (HULL_SERVER)\n`,
    );
    const bad = await fails(['update', 'channels', 'list'], 2, { env: { HULL_SERVER: 'ftp://example.com' } });
    assert.match(
      bad.stderr,
      /^hull: error USAGE: HULL_SERVER: "ftp:\/\/example\.com" must be an http:\/\/ or https:\/\/ URL\n/,
    );
    // Something that is not a hull serve answering there.
    const other = createHttpServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
    );
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
      const notApi = await fails(['update', 'apps', 'list', '--server', url], 3);
      assert.equal(
        notApi.stderr,
        `hull: error SERVER_UNREACHABLE: GET /api/v1/apps: the server at ${url} answered HTTP 502 (text/html), not Hull's API\nhull: hint: is --server (HULL_SERVER) the URL of a hull serve?\n`,
      );
    } finally {
      other.close();
    }
  });
});
