/**
 * The dashboard's machines page with 10 000 machines and its logs page with 1 000 000 journal
 * entries: the time from navigation to their first rows rendered, in Debian's chromium against the
 * built `hull serve` (SQLite, a temp data dir, a free loopback port). Measured with the Performance
 * API in the page: the machines page marks `hull:machines-first-rows` when the table's first rows
 * are in the DOM, the logs page `hull:logs-first-lines` when its first lines are; a mark's startTime
 * is the time since the navigation started. Five navigations per case (a fresh load each, the
 * static files from the browser's cache as an operator's tab has them; the first one cold); the
 * median is compared with the goal.
 *
 * The machines are real data of the protocol: each is registered by an Omaha request as
 * update_engine sends it (the recorded first check of test/fixtures/update/omaha/requests with its
 * machine id, alias and version replaced), POSTed to /v1/update/ — the server stores them as it
 * stores any machine. Versions 1000.0.0 and 1000.0.1, aliases node-N.
 *
 * The journal entries are written before the server starts, through the journal store's public
 * port (`dbJournalRepository(store).append`, what the receiver calls for an upload) into the same
 * data dir: 1 000 000 uploads over HTTP would measure the receiver, not the page. They are
 * journald-like entries (trusted fields, units, priorities, a message) from LOG_HOSTS hosts, each
 * with `_MACHINE_ID` of one of the registered machines, interleaved in time.
 *
 * Goal: first rows < 1000 ms after navigation. Exits 0 whether or not the goal is met.
 * Usage: npx tsx bench/dashboard.ts [--machines N] [--logs N] [--data-dir DIR]   (needs `npm run build` first)
 *   --data-dir keeps the data dir (a new one is filled; one that holds journal entries and machines
 *   already is measured again as it is, which saves the filling).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbJournalRepository, openStore } from '../src/adapters/db/index.js';
import { entryOf, type JournalEntry } from '../src/journal/index.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { startServer } from '../test/helpers/hull.js';
import { FIRST_CHECK, machineId, requestFor } from '../test/helpers/omaha-fleet.js';

const GOAL_MS = 1000;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const MACHINES = Number(arg('--machines') ?? 10_000);
const LOGS = Number(arg('--logs') ?? 1_000_000);
const LOG_HOSTS = Math.min(1000, MACHINES);
const CONCURRENCY = 32;

const UNITS = [
  'sshd.service',
  'kubelet.service',
  'containerd.service',
  'etcd-member.service',
  'systemd-networkd.service',
  'locksmithd.service',
  'update-engine.service',
  'docker.service',
];
const WORDS = [
  'started',
  'stopped',
  'connection',
  'accepted',
  'timeout',
  'failed',
  'retry',
  'session',
  'image',
  'pull',
  'container',
  'network',
  'link',
  'up',
  'down',
  'lease',
  'renewed',
  'lock',
  'reboot',
  'update',
];
/** Entry k of host h: journald's address and trusted fields, a unit, a priority, a message. */
function logEntry(h: number, k: number, t: bigint): JournalEntry {
  const unit = UNITS[(h + k) % UNITS.length]!;
  const name = unit.replace(/\..*$/, '');
  const words = Array.from({ length: 6 + (k % 7) }, (_, i) => WORDS[(k * 7 + i * 13) % WORDS.length]).join(' ');
  return entryOf([
    [
      '__CURSOR',
      `s=${h.toString(16).padStart(32, '0')};i=${k.toString(16)};b=${machineId(h, 0xb0)};m=${k.toString(16)};t=${t.toString(16)};x=${(k * 2654435761) >>> 0}`,
    ],
    ['__REALTIME_TIMESTAMP', String(t)],
    ['__MONOTONIC_TIMESTAMP', String(BigInt(k) * 1_000_000n)],
    ['_BOOT_ID', machineId(h, 0xb0)],
    ['_MACHINE_ID', machineId(h, 0xdb)],
    ['_HOSTNAME', `node-${h}`],
    ['_TRANSPORT', 'stdout'],
    ['PRIORITY', String(k % 17 === 0 ? 3 : k % 5 === 0 ? 4 : 6)],
    ['SYSLOG_IDENTIFIER', name],
    ['_PID', String(1000 + (k % 500))],
    ['_UID', '0'],
    ['_COMM', name],
    ['_EXE', `/usr/bin/${name}`],
    ['_SYSTEMD_UNIT', unit],
    ['MESSAGE', `${unit}: ${words} #${k}${k % 1000 === 0 ? ' segfault at 0000' : ''}`],
  ]);
}

/** LOGS entries through the journal store's append (one upload = one batch of a host), the last at about now. */
async function fillJournal(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const repo = dbJournalRepository(store);
    const per = Math.ceil(LOGS / LOG_HOSTS);
    const BATCH = 500;
    const now = BigInt(Date.now()) * 1000n;
    const t0 = now - BigInt(per) * 1_000_000n;
    const started = performance.now();
    let written = 0;
    for (let base = 0; base < per && written < LOGS; base += BATCH) {
      for (let h = 0; h < LOG_HOSTS && written < LOGS; h++) {
        const n = Math.min(BATCH, per - base, LOGS - written);
        const batch = Array.from({ length: n }, (_, i) =>
          logEntry(h, base + i, t0 + BigInt(base + i) * 1_000_000n + BigInt(h)),
        );
        await repo.append(`node-${h}`, batch, now);
        written += n;
        if (written % 50_000 < n)
          console.log(`journal: ${written} of ${LOGS} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      // SQLite indexes after the append: the index and full-text rows count in the fill, not in the first page.
      await repo.indexed();
    }
    const s = (performance.now() - started) / 1000;
    const stats = await repo.stats();
    console.log(
      `journal: ${written} entries from ${LOG_HOSTS} hosts stored through the store's append in ${s.toFixed(0)} s (${(written / s).toFixed(0)} entries/s); the store holds ${stats.entries}`,
    );
  } finally {
    await store.close();
  }
}

const kept = arg('--data-dir');
const data = kept ?? mkdtempSync(join(tmpdir(), 'hull-bench-dashboard-'));
const filled = kept !== undefined && existsSync(join(kept, 'admin-token'));
if (LOGS > 0 && !filled) await fillJournal(data);
const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
try {
  const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
  const t0 = performance.now();
  let next = filled ? MACHINES : 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < MACHINES) {
        const n = next++;
        const body = requestFor(FIRST_CHECK, machineId(n, 0xdb), {
          version: n % 3 === 0 ? '1000.0.1' : '1000.0.0',
          alias: `node-${n}`,
        });
        const res = await fetch(`${server.url}/v1/update/`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body,
        });
        if (res.status !== 200) throw new Error(`Omaha request ${n}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  const total = (
    (await (
      await fetch(`${server.url}/api/v1/instances?perPage=1`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { total: number }
  ).total;
  console.log(
    `${filled ? `reused ${kept}: no new` : `registered ${MACHINES}`} machines by Omaha requests in ${((performance.now() - t0) / 1000).toFixed(1)} s; the API lists ${total}`,
  );

  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/ui`);
    await page.fill('#token', token);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('nav[aria-label="Dashboard"]');
    const measure = async (path: string, mark: string): Promise<number> => {
      await page.goto(`${server.url}${path}`);
      // Functions, not strings: the page's Content-Security-Policy forbids eval.
      await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 30_000 });
      return page.evaluate((m) => performance.getEntriesByName(m)[0]!.startTime, mark);
    };
    for (const perPage of [200, 1000]) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++)
        times.push(await measure(`/ui/machines?perPage=${perPage}`, 'hull:machines-first-rows'));
      const rows = await page.locator('table.machines tbody tr').count();
      const median = [...times].sort((a, b) => a - b)[2]!;
      const api = performance.now();
      await (
        await fetch(`${server.url}/api/v1/instances?perPage=${perPage}&sort=lastCheck&order=desc`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).arrayBuffer();
      const apiMs = performance.now() - api;
      console.log(
        `machines page, ${perPage} rows a page of ${total} (${rows} rows in the DOM): first rows after ${times.map((t) => t.toFixed(0)).join(', ')} ms; ` +
          `median ${median.toFixed(0)} ms (goal < ${GOAL_MS} ms: ${median < GOAL_MS ? 'met' : 'NOT met'}); the API call alone ${apiMs.toFixed(0)} ms`,
      );
    }
    if (LOGS === 0) {
      console.log('logs page: not measured (--logs 0)');
    } else {
      const cases: Array<[string, string]> = [
        ['no filter', '/ui/logs'],
        ['unit + priority', '/ui/logs?unit=sshd.service&priority=4'],
        ['text', '/ui/logs?grep=segfault'],
        ['one machine', `/ui/logs?match=_MACHINE_ID%3D${machineId(7, 0xdb)}`],
      ];
      for (const [what, path] of cases) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await measure(path, 'hull:logs-first-lines'));
        const lines = await page.locator('ol.loglines li').count();
        const median = [...times].sort((a, b) => a - b)[2]!;
        const api = performance.now();
        const apiPath = path
          .replace('/ui/logs', '/api/v1/journal/entries')
          .replace(/(\?|$)/, (m) => (m === '?' ? '?limit=500&' : '?limit=500'));
        const apiRes = await fetch(`${server.url}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
        await apiRes.arrayBuffer();
        const apiMs = performance.now() - api;
        console.log(
          `logs page, ${what}, of ${LOGS} entries (${lines} lines in the DOM): first lines after ${times.map((t) => t.toFixed(0)).join(', ')} ms; ` +
            `median ${median.toFixed(0)} ms (goal < ${GOAL_MS} ms: ${median < GOAL_MS ? 'met' : 'NOT met'}); the API call alone ${apiMs.toFixed(0)} ms (${apiRes.status})`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await server.stop();
  if (kept === undefined) rmSync(data, { recursive: true, force: true });
}
