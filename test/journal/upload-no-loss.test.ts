/**
 * No loss, no duplicate, with the real systemd-journal-upload (Debian's
 * systemd-journal-remote package, scripts/setup-system). A journal file
 * grows round by round (the real systemd-journal-remote appends a slice of a
 * generated export stream to it); each round the real uploader is started
 * from its state file and:
 * - phase 1: the uploader is killed (SIGKILL or SIGTERM) at a random moment,
 *   20 times;
 * - phase 2: `hull serve` (the built bin/hull.cjs, the journal receiver on
 *   its main port) is killed with SIGKILL at a random moment during the
 *   upload and started again on the same data dir and port, 20 times.
 * Then one last upload runs to its end. Every entry of the journal file must
 * be in the store exactly once with its exact bytes, and after every upload
 * the uploader reported done (exit 0) the entry of its saved cursor was
 * stored already (acknowledged only once durable).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  decodeEntry,
  encodeEntry,
  entryOf,
  parseExport,
  serializeEntries,
  type JournalEntry,
} from '../../src/journal/index.js';
import { dbJournalRepository, openStore } from '../../src/adapters/db/index.js';
import { freePort } from '../../src/adapters/node/free-port.js';
import { mulberry32 } from '../../src/sim/rng.js';
import { startServer, type RunningServer } from '../helpers/hull.js';

const UPLOAD = '/lib/systemd/systemd-journal-upload';
const REMOTE = '/lib/systemd/systemd-journal-remote';
const HINT =
  'install systemd-journal-remote with `scripts/setup-system` (or: apt-get install -y systemd-journal-remote)';
const ROUNDS = 20;
const PER_ROUND = 1000;

let dir: string;
let journal: string;
let state: string;
let seq = 0;
const seed = Number(process.env['HULL_TEST_SEED'] ?? Date.now() % 100000);
const random = mulberry32(seed);

before(() => {
  assert.ok(existsSync(UPLOAD) && existsSync(REMOTE), `${UPLOAD} or ${REMOTE} is missing: ${HINT}`);
  dir = mkdtempSync(join(tmpdir(), 'hull-upload-'));
  journal = join(dir, 'x.journal');
  state = join(dir, 'upload.state');
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Appends `n` new entries to the journal file through the real journal-remote. */
function grow(n: number): void {
  const entries: JournalEntry[] = [];
  for (let i = 0; i < n; i++) {
    const k = ++seq;
    entries.push(
      entryOf([
        ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k * 1000)],
        ['__MONOTONIC_TIMESTAMP', String(k * 1000)],
        ['_BOOT_ID', '0123456789abcdef0123456789abcdef'],
        ['_SYSTEMD_UNIT', `unit${k % 3}.service`],
        ['PRIORITY', String(k % 8)],
        ['SYSLOG_IDENTIFIER', 'loadgen'],
        // Few distinct values: journal-remote rotates its file once the data hash table is 3/4 full
        // (~174 000 distinct field values with its default 128 MiB size), and a rotated-away part
        // would be neither uploaded nor exported. Entries are told apart by their cursors.
        ['MESSAGE', `entry ${k % 4096} ${'lorem ipsum dolor sit amet '.repeat(1 + (k % 4))}`],
        ...(k % 50 === 0
          ? ([['BLOB', new Uint8Array([0, 1, 2, 255, 10, k % 256])]] as Array<[string, Uint8Array]>)
          : []),
      ]),
    );
  }
  const r = spawnSync(REMOTE, [`--output=${journal}`, '-'], { input: serializeEntries(entries) });
  assert.equal(r.status, 0, `journal-remote: ${r.stderr}`);
}

/** `hull serve` on the data dir, its journal receiver on the main port (the separate journal port off). */
function startReceiver(dataDir: string, port: number): Promise<RunningServer> {
  return startServer(['--listen', `127.0.0.1:${port}`, '--journal-listen', 'off', '--data-dir', dataDir]);
}

interface Uploader {
  readonly proc: ChildProcess;
  readonly done: Promise<number | null>;
}

function startUploader(port: number): Uploader {
  const proc = spawn(
    UPLOAD,
    [`--file=${journal}`, `--url=http://127.0.0.1:${port}`, `--save-state=${state}`, '--follow=no'],
    { stdio: 'ignore' },
  );
  const done = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function savedCursor(): string | undefined {
  if (!existsSync(state)) return undefined;
  return /^LAST_CURSOR=(.*)$/m.exec(readFileSync(state, 'utf8'))?.[1];
}

/**
 * What the store holds once its inbox is moved into journal_entries (as `hull serve` does by itself soon
 * after an upload or a restart; here done from this process, as `hull journal --data-dir` would).
 */
async function settle(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    await dbJournalRepository(store).indexed();
  } finally {
    await store.close();
  }
}

async function storedCursorCount(dataDir: string, cursor: string): Promise<number> {
  await settle(dataDir);
  const db = new Database(join(dataDir, 'hull.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from journal_entries where cursor = ?').get(cursor) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** After a successful upload, the entry of the saved cursor is stored. */
async function checkAcknowledged(dataDir: string, code: number | null): Promise<void> {
  if (code !== 0) return;
  const c = savedCursor();
  assert.ok(c, 'a successful upload saved a cursor');
  assert.equal(await storedCursorCount(dataDir, c), 1, `the acknowledged entry ${c} is stored once`);
}

test('the real journal-upload restarted 20 times and hull serve killed 20 times (SIGKILL): every entry stored exactly once', {
  timeout: 600_000,
}, async () => {
  const startSeed = seed;
  const dataDir = join(dir, 'data');
  const port = await freePort();
  let receiver = await startReceiver(dataDir, port);
  let uploaderKills = 0;
  let receiverKills = 0;
  let acknowledged = 0;
  try {
    /** An upload that runs to its end: the state file moves on, the next start re-sends its cursor's entry. */
    const complete = async () => {
      const up = startUploader(port);
      const code = await up.done;
      assert.equal(code, 0, 'an upload left alone succeeds');
      acknowledged++;
      await checkAcknowledged(dataDir, code);
    };
    // Phase 1: the uploader dies at a random moment, 20 times; every 5th time one upload then runs to its end.
    // The moment is drawn from `span`, which halves each time an upload ends before it: on a fast machine an
    // upload of 1000 entries takes a few milliseconds, and growing the journal until a kill lands would fill
    // journal-remote's file (it rotates at 128 MiB, and a rotated-away part is neither uploaded nor exported).
    let span = 400;
    let attempts = 0;
    while (uploaderKills < ROUNDS) {
      assert.ok(++attempts <= 200, `an upload was caught while running only ${uploaderKills} times in 200`);
      grow(PER_ROUND);
      const up = startUploader(port);
      const raced = await Promise.race([
        up.done.then((c) => ({ c })),
        sleep(2 + random() * span).then(() => undefined),
      ]);
      if (raced === undefined) {
        up.proc.kill(random() < 0.5 ? 'SIGKILL' : 'SIGTERM');
        uploaderKills++;
        await up.done;
        if (uploaderKills % 5 === 0) await complete();
      } else {
        span = Math.max(4, span / 2);
        if (raced.c === 0) {
          acknowledged++;
          await checkAcknowledged(dataDir, raced.c);
        }
      }
    }
    // Phase 2: the receiver dies (SIGKILL) during the upload, 20 times; every 5th time one upload then runs to its end.
    while (receiverKills < ROUNDS) {
      grow(PER_ROUND);
      const up = startUploader(port);
      await Promise.race([up.done, sleep(30 + random() * 300)]);
      await receiver.stop('SIGKILL');
      receiverKills++;
      const code = await up.done;
      if (code === 0) {
        acknowledged++;
        await checkAcknowledged(dataDir, code);
      }
      receiver = await startReceiver(dataDir, port);
      if (receiverKills % 5 === 0) await complete();
    }
    // The last upload runs to its end.
    const last = startUploader(port);
    assert.equal(await last.done, 0, 'the last upload succeeds');
    await checkAcknowledged(dataDir, 0);
  } finally {
    await receiver.stop('SIGKILL');
  }

  // Every entry of the journal file, exactly once, with its exact bytes.
  const exported = spawnSync('journalctl', ['--file', journal, '-o', 'export'], { maxBuffer: 1 << 30 });
  assert.equal(exported.status, 0, String(exported.stderr));
  const want = parseExport(exported.stdout);
  assert.equal(want.length, seq, 'the journal file holds every generated entry');
  await settle(dataDir);
  const db = new Database(join(dataDir, 'hull.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('select host, cursor, data from journal_entries').all() as Array<{
      host: string;
      cursor: string;
      data: Buffer;
    }>;
    const byCursor = new Map<string, Buffer[]>();
    for (const r of rows) byCursor.set(r.cursor, [...(byCursor.get(r.cursor) ?? []), r.data]);
    const missing = want.filter((e) => !byCursor.has(cursorOfEntry(e))).length;
    const dup = [...byCursor.values()].filter((v) => v.length > 1).length;
    assert.equal(missing, 0, `${missing} entries lost (seed ${startSeed})`);
    assert.equal(dup, 0, `${dup} entries stored twice (seed ${startSeed})`);
    assert.equal(rows.length, want.length);
    assert.ok(rows.every((r) => r.host === '127.0.0.1'));
    for (const e of want) {
      const stored = byCursor.get(cursorOfEntry(e))![0]!;
      assert.deepEqual(Buffer.from(encodeEntry(decodeEntry(stored))), Buffer.from(encodeEntry(e)));
    }
  } finally {
    db.close();
  }
  assert.equal(uploaderKills, ROUNDS);
  assert.equal(receiverKills, ROUNDS);
  assert.ok(acknowledged >= 8, `uploads acknowledged: ${acknowledged}`);
  process.stderr.write(
    `# ${want.length} entries; uploader killed ${uploaderKills}×, hull serve killed ${receiverKills}×, ${acknowledged} uploads acknowledged (seed ${startSeed})\n`,
  );
});

function cursorOfEntry(e: JournalEntry): string {
  return Buffer.from(e.fields.find((f) => f.name === '__CURSOR')!.value).toString('latin1');
}
