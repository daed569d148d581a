/**
 * Records what the REAL delta_generator and update_engine do with payloads
 * built by `hull payload build` (test/fixtures/update/real-payload/README.md).
 * Needs the tools only here, when recording; `npm test` replays the result
 * (test/interop/real-payload-replay.test.ts) without them.
 *
 * Usage (root; the harness needs unshare, loop devices, overlayfs):
 *   node scripts/build.mjs
 *   HULL_UE_OUT=<OUT_DIR of the harness's build.sh> HULL_UE_HARNESS=<tools/update-engine> \
 *     npx tsx test/interop/record-real-payload.ts [WORK_DIR]
 *
 * It makes the USR image with the harness's mkusr.sh only when the fixture
 * image is missing (then it writes it, gzipped); the kernel comes from
 * real-payload-inputs.ts, the keys from the fixture folder. It writes
 * recording.json there. Review the diff before committing it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { freePort } from '../../src/adapters/node/free-port.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HULL_BIN } from '../helpers/hull.js';
import {
  FIXTURES,
  kernelBytes,
  KEYS,
  PUBKEYS,
  RECORDING,
  USR_GZ,
  usrImage,
  VERSION_NEW,
  VERSION_OLD,
  type Recording,
} from './real-payload-inputs.js';

const OUT = process.env['HULL_UE_OUT'] ?? '';
const HARNESS = process.env['HULL_UE_HARNESS'] ?? '';
if (!existsSync(join(OUT, 'bin/delta_generator')) || !existsSync(join(HARNESS, 'run.sh'))) {
  console.error(
    'record-real-payload: set HULL_UE_OUT (the harness build.sh OUT_DIR, with bin/delta_generator) and HULL_UE_HARNESS (the folder with run.sh, mkusr.sh, stand-in-omaha.py)',
  );
  process.exit(2);
}
const work = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'hull-real-payload-'));
mkdirSync(work, { recursive: true });
const env = { ...process.env, LD_LIBRARY_PATH: join(OUT, 'lib') };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const shaFile = (p: string) => sha(readFileSync(p));
/** The fixture folder and the work dir as placeholders, so the recording names no path of this machine. */
const shown = (s: string) =>
  s
    .split(FIXTURES)
    .join('<fixtures>/')
    .split(work)
    .join('<work>')
    .split(OUT)
    .join('<OUT_DIR>')
    .split(HARNESS)
    .join('<harness>')
    .split(HULL_BIN)
    .join('hull');
const tail = (s: string, n = 12) => shown(s).trimEnd().split('\n').slice(-n);

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? env,
    timeout: opts.timeout ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    exitCode: r.status,
    signal: r.signal,
    out: `${r.stdout ?? ''}${r.stderr ?? ''}`,
    command: shown([cmd, ...args].join(' ')),
  };
}

// ---- inputs
if (!existsSync(USR_GZ)) {
  const img = join(work, 'mkusr.img');
  const r = run(join(HARNESS, 'mkusr.sh'), [VERSION_NEW, img, '8', 'USR-A'], {
    env: { ...env, FILLER_BYTES: '524288' },
  });
  if (r.exitCode !== 0) throw new Error(r.out);
  // 8 MiB + 12 KiB: the ext2 filesystem and three zero blocks, so the payload ends with a short chunk
  run('truncate', ['-s', '+12K', img]);
  writeFileSync(USR_GZ, gzipSync(readFileSync(img), { level: 9 }));
}
const usr = usrImage();
const kernel = kernelBytes();
const usrPath = join(work, `usr-${VERSION_NEW}.img`);
const kernelPath = join(work, `vmlinuz-${VERSION_NEW}`);
writeFileSync(usrPath, usr);
writeFileSync(kernelPath, kernel);

const recording: Recording = {
  recordedWith: {
    updateEngine: 'flatcar/update_engine main 7382641 (0.4.10), built unchanged by the harness build.sh',
    harness: 'tools/update-engine of the shared tools: mkusr.sh, run.sh, stand-in-omaha.py',
    hull: `bin/hull.cjs of this branch (node ${process.version})`,
  },
  inputs: {
    usrImage: {
      file: 'usr-1000.0.1.img.gz',
      size: usr.length,
      sha256: sha(usr),
      made: `FILLER_BYTES=524288 mkusr.sh ${VERSION_NEW} IMG 8 USR-A; truncate -s +12K IMG (ext2, 8 MiB + 12 KiB)`,
    },
    kernel: { size: kernel.length, sha256: sha(kernel), made: 'kernelBytes() in test/interop/real-payload-inputs.ts' },
    keys: ['test-key1.pem', 'test-key2.pem'],
  },
  hullBuilds: [],
  commands: [],
  updateEngine: { payload: '', server: '', command: '', exitCode: null, summary: {}, requests: [], postinst: [] },
  updateEngineHullServe: {
    server: '',
    catalog: [],
    command: '',
    exitCode: null,
    summary: {},
    events: [],
    statusHistory: [],
    package: { size: 0, sha256Hex: '', sha256: '' },
  },
};

// ---- Hull's payloads
function hullBuild(name: string, keys: readonly string[]): string {
  const out = join(work, `${name}.bin`);
  rmSync(out, { force: true });
  const args = [
    HULL_BIN,
    'payload',
    'build',
    '--usr',
    usrPath,
    ...keys.flatMap((k) => ['--key', k]),
    '--kernel',
    kernelPath,
    '--version',
    VERSION_NEW,
    '-o',
    out,
  ];
  const r = run(process.execPath, args);
  if (r.exitCode !== 0) throw new Error(r.out);
  const b = readFileSync(out);
  recording.hullBuilds.push({
    name,
    command: shown(['hull', ...args.slice(1)].join(' ')),
    keys: keys.map((k) => k.replace(FIXTURES, '')),
    size: b.length,
    sha256: sha(b),
    sha256Base64: createHash('sha256').update(b).digest('base64'),
  });
  console.log(`hull ${name}: ${b.length} bytes, sha256 ${sha(b)}`);
  return out;
}
const oneKey = hullBuild('hull-one-key', [KEYS[1]]);
const twoKeys = hullBuild('hull-two-keys', KEYS);

// ---- delta_generator
const dg = join(OUT, 'bin/delta_generator');
function record(
  name: string,
  args: string[],
  facts: (exit: number | null) => Record<string, unknown> = () => ({}),
): number | null {
  const r = run(dg, args);
  recording.commands.push({
    name,
    command: r.command.replace(dg, 'delta_generator').replace(shown(dg), 'delta_generator'),
    exitCode: r.exitCode,
    signal: r.signal,
    outputTail: tail(r.out),
    facts: facts(r.exitCode),
  });
  console.log(`${name}: exit ${r.exitCode}${r.signal ? ` (${r.signal})` : ''}`);
  return r.exitCode;
}

const dgOut = join(work, 'delta-generator-one-key.bin');
rmSync(dgOut, { force: true });
record(
  'delta_generator builds the same payload (one key)',
  ['-new_image', usrPath, '-new_kernel', kernelPath, '-out_file', dgOut, '-private_key', KEYS[1]],
  () => {
    const b = readFileSync(dgOut);
    return { size: b.length, sha256: sha(b), identicalToHull: sha(b) === recording.hullBuilds[0]!.sha256 };
  },
);
record('verify hull-one-key with key 2 (version 2)', ['-in_file', oneKey, '-public_key', PUBKEYS[1]]);
record('verify hull-two-keys with key 2 (version 2)', ['-in_file', twoKeys, '-public_key', PUBKEYS[1]]);
record('verify hull-two-keys with key 1, -public_key_version 1', [
  '-in_file',
  twoKeys,
  '-public_key',
  PUBKEYS[0],
  '-public_key_version',
  '1',
]);
record('verify hull-two-keys with key 1 as version 2 (must fail)', ['-in_file', twoKeys, '-public_key', PUBKEYS[0]]);
for (const [name, file] of [
  ['hull-one-key', oneKey],
  ['hull-two-keys', twoKeys],
] as const) {
  const target = join(work, `${name}.target`);
  const ktarget = join(work, `${name}.kernel`);
  const prefs = join(work, `${name}.prefs`);
  // delta_generator hashes the old image first, so the target exists: zeros, the image's size (it must not grow); the kernel file empty
  writeFileSync(target, new Uint8Array(0));
  run('truncate', ['-s', String(usr.length), target]);
  writeFileSync(ktarget, new Uint8Array(0));
  rmSync(prefs, { recursive: true, force: true });
  mkdirSync(prefs);
  record(
    `apply ${name} into a file of zeros (-old_image) and an empty kernel file (-old_kernel)`,
    ['-in_file', file, '-old_image', target, '-old_kernel', ktarget, '-prefs_dir', prefs],
    () => ({
      targetSize: statSync(target).size,
      targetSha256: shaFile(target),
      targetMatchesImage: shaFile(target) === sha(usr),
      kernelSize: existsSync(ktarget) ? statSync(ktarget).size : null,
      kernelSha256: existsSync(ktarget) ? shaFile(ktarget) : null,
      kernelMatches: existsSync(ktarget) ? shaFile(ktarget) === sha(kernel) : false,
    }),
  );
}

// ---- the real update_engine, through the harness, against its stand-in Omaha server
async function updateEngine(): Promise<void> {
  const reqDir = join(work, 'requests');
  const portFile = join(work, 'port');
  rmSync(reqDir, { recursive: true, force: true });
  rmSync(portFile, { force: true });
  const server = spawn(
    'python3',
    [
      join(HARNESS, 'stand-in-omaha.py'),
      '--payload',
      twoKeys,
      '--version',
      VERSION_NEW,
      '--log-dir',
      reqDir,
      '--port',
      '0',
      '--port-file',
      portFile,
    ],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 100 && !(existsSync(portFile) && readFileSync(portFile, 'utf8').trim()); i++)
      await new Promise((r) => setTimeout(r, 100));
    const port = readFileSync(portFile, 'utf8').trim();
    const w = join(work, 'machine');
    rmSync(w, { recursive: true, force: true });
    const args = [
      '--server',
      `http://127.0.0.1:${port}/v1/update/`,
      '--work',
      w,
      '--out',
      OUT,
      '--version',
      VERSION_OLD,
      '--group',
      'stable',
      '--machine-alias',
      'hull-payload-check',
      '--pubkey',
      PUBKEYS[1],
      '--hash-bytes',
      String(usr.length),
      '--timeout',
      '120',
    ];
    const r = run(join(HARNESS, 'run.sh'), args, { timeout: 200_000 });
    const summary = JSON.parse(readFileSync(join(w, 'summary.json'), 'utf8')) as Record<string, unknown>;
    const log = readFileSync(join(w, 'logs/update_engine.update.log'), 'utf8');
    recording.updateEngine = {
      payload: 'hull-two-keys',
      server: 'stand-in-omaha.py --payload hull-two-keys.bin --version 1000.0.1 --port 0',
      command: shown(['run.sh', ...args].join(' ').replace(`127.0.0.1:${port}`, '127.0.0.1:<port>')),
      exitCode: r.exitCode,
      summary: JSON.parse(shown(JSON.stringify(summary)).split(`127.0.0.1:${port}`).join('127.0.0.1:<port>')) as Record<
        string,
        unknown
      >,
      requests: readFileSync(join(reqDir, 'index.log'), 'utf8').trimEnd().split('\n'),
      postinst: log
        .split('\n')
        .filter((l) => l.includes('harness-postinst'))
        .map((l) => shown(l.replace(/^.*harness-postinst/, 'harness-postinst'))),
    };
    console.log(
      `update_engine: run.sh exit ${r.exitCode}, ${String(summary['result'])}, ${String(summary['final_state'])}`,
    );
  } finally {
    if (server.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
  }
}
await updateEngine();

// ---- the same payload served by `hull serve` (uploaded through the management API)
const APP = 'e96281a6-d1af-4bde-9a0a-97b76e56dc57';
const STABLE_AMD64_GROUP = '9a2deb70-37be-4026-853f-bfdd6b347bbe';
async function hullServe(): Promise<void> {
  const data = join(work, 'serve-data');
  rmSync(data, { recursive: true, force: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serve = spawn(
    process.execPath,
    [HULL_BIN, 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', data, '--public-url', base],
    { stdio: 'ignore' },
  );
  try {
    let token = '';
    for (let i = 0; i < 100 && token === ''; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const ok = await fetch(`${base}/api/v1/status`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok && existsSync(join(data, 'admin-token'))) token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    }
    const api = async (
      method: string,
      path: string,
      body?: unknown,
      type = 'application/json',
    ): Promise<Record<string, unknown>> => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
        ...(body !== undefined
          ? { body: type === 'application/json' ? JSON.stringify(body) : (body as Uint8Array) }
          : {}),
      });
      const j = (await r.json()) as Record<string, unknown>;
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j)}`);
      return j;
    };
    const catalog: string[] = [];
    const upload = `/api/v1/apps/${APP}/packages/upload?version=${VERSION_NEW}&arch=amd64&filename=flatcar_production_update.gz`;
    const pkg = await api('POST', upload, readFileSync(twoKeys), 'application/octet-stream');
    catalog.push(`POST ${upload} (hull-two-keys.bin)`);
    const channels = (await api('GET', `/api/v1/apps/${APP}/channels`))['items'] as {
      id: string;
      name: string;
      arch: string;
    }[];
    const stable = channels.find((c) => c.name === 'stable' && c.arch === 'amd64')!;
    await api('PATCH', `/api/v1/apps/${APP}/channels/${stable.id}`, { packageId: pkg['id'] });
    catalog.push(`PATCH /api/v1/apps/${APP}/channels/<stable amd64> {"packageId": "<the package>"}`);
    const policy = { policy: { safeMode: false, maxUpdatesPerPeriod: 5 } };
    await api('PATCH', `/api/v1/apps/${APP}/groups/${STABLE_AMD64_GROUP}`, policy);
    catalog.push(`PATCH /api/v1/apps/${APP}/groups/${STABLE_AMD64_GROUP} ${JSON.stringify(policy)}`);

    const w = join(work, 'machine-hull-serve');
    rmSync(w, { recursive: true, force: true });
    const args = [
      '--server',
      `${base}/v1/update/`,
      '--work',
      w,
      '--out',
      OUT,
      '--version',
      VERSION_OLD,
      '--group',
      'stable',
      '--machine-alias',
      'hull-serve-payload-check',
      '--pubkey',
      PUBKEYS[1],
      '--hash-bytes',
      String(usr.length),
      '--timeout',
      '120',
    ];
    const r = run(join(HARNESS, 'run.sh'), args, { timeout: 200_000 });
    const summary = JSON.parse(readFileSync(join(w, 'summary.json'), 'utf8')) as Record<string, unknown>;
    const inst = await api('GET', `/api/v1/instances/${String(summary['machine_id'])}`);
    const app = (
      inst['apps'] as {
        statusHistory: { status: string; createdAt: string }[];
        events: { type: number; result: number; createdAt: string }[];
      }[]
    )[0]!;
    const byTime = <T extends { createdAt: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const pick = (k: string) => summary[k];
    const unport = (x: string) => x.split(`127.0.0.1:${port}`).join('127.0.0.1:<port>');
    recording.updateEngineHullServe = {
      server: unport(
        shown(['hull', 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', data, '--public-url', base].join(' ')),
      ),
      catalog,
      command: unport(shown(['run.sh', ...args].join(' '))),
      exitCode: r.exitCode,
      summary: Object.fromEntries(
        [
          'result',
          'final_state',
          'new_version',
          'new_size',
          'public_key_installed',
          'target_slot',
          'target_prefix_bytes',
          'target_prefix_sha256',
          'target_kernel_path',
          'target_kernel_sha256',
          'target_release_version',
        ].map((k) => [k, pick(k)]),
      ),
      events: byTime(app.events).map((e) => `${e.type}/${e.result}`),
      statusHistory: byTime(app.statusHistory).map((h) => h.status),
      package: {
        size: Number(pkg['size']),
        sha256Hex: String(pkg['sha256Hex']),
        sha256: String((pkg['action'] as { sha256: string }).sha256),
      },
    };
    console.log(
      `update_engine from hull serve: run.sh exit ${r.exitCode}, ${String(summary['result'])}; events ${recording.updateEngineHullServe.events.join(' ')}`,
    );
  } finally {
    if (serve.pid !== undefined && serve.exitCode === null) serve.kill('SIGTERM');
  }
}
await hullServe();

writeFileSync(RECORDING, `${JSON.stringify(recording, null, 2)}\n`);
console.log(`wrote ${RECORDING}; work dir ${work}`);
