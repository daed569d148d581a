/**
 * `hull serve` as the receiver of the real systemd-journal-upload: an
 * unchanged uploader posting to the main port (`POST /upload`, host = the
 * peer address) and to the journal port over HTTPS with a client
 * certificate (host = the certificate's CN, as journal-remote's split mode
 * names files), a bearer token (host = the token's name), and /metrics
 * counting entries per host, refusals and the store's size. Certificates
 * are made with openssl; the uploader is Debian's (scripts/setup-system).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryOf, serializeEntries } from '../../src/journal/index.js';
import { startServer, type RunningServer } from '../helpers/hull.js';
import { freePort } from '../../src/adapters/node/free-port.js';

const UPLOAD = '/lib/systemd/systemd-journal-upload';
const REMOTE = '/lib/systemd/systemd-journal-remote';
const HINT = 'install systemd-journal-remote and openssl with `scripts/setup-system`';

let dir: string;
let server: RunningServer | undefined;
let journalPort: number;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function journalFile(name: string, from: number, n: number): string {
  const entries = Array.from({ length: n }, (_, i) =>
    entryOf([
      ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + (from + i) * 1000)],
      ['_BOOT_ID', '0123456789abcdef0123456789abcdef'],
      ['_SYSTEMD_UNIT', 'serve.service'],
      ['MESSAGE', `${name} ${from + i}`],
    ]),
  );
  const file = join(dir, `${name}.journal`);
  const r = spawnSync(REMOTE, [`--output=${file}`, '-'], { input: serializeEntries(entries) });
  assert.equal(r.status, 0, String(r.stderr));
  return file;
}

before(async () => {
  assert.ok(existsSync(UPLOAD), `${UPLOAD} is missing: ${HINT}`);
  dir = mkdtempSync(join(tmpdir(), 'hull-serve-upload-'));
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
  ]);
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'client.key',
    '-out',
    'client.csr',
    '-subj',
    '/CN=node-7.example',
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.pem',
    '-days',
    '2',
  ]);
  journalPort = await freePort();
  server = await startServer([
    '--listen',
    '127.0.0.1:0',
    '--data-dir',
    join(dir, 'data'),
    '--log-format',
    'json',
    '--journal-listen',
    `127.0.0.1:${journalPort}`,
    '--journal-tls-cert',
    join(dir, 'server.pem'),
    '--journal-tls-key',
    join(dir, 'server.key'),
    '--journal-tls-ca',
    join(dir, 'ca.pem'),
  ]);
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function upload(url: string, file: string, extra: string[] = []): void {
  const r = spawnSync(
    UPLOAD,
    [`--file=${file}`, `--url=${url}`, `--save-state=${file}.state`, '--follow=no', ...extra],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(r.status, 0, `journal-upload to ${url}: ${r.stderr}`);
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${server!.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

test('an unchanged journal-upload posts to the main port; the host is the peer address', async () => {
  upload(server!.url, journalFile('plain', 0, 200));
  assert.equal(await metric('hull_journal_entries_received_total', '{host="127.0.0.1"}'), 200);
});

test('HTTPS on the journal port with a client certificate: the host is its CN', async () => {
  upload(`https://127.0.0.1:${journalPort}`, journalFile('tls', 1000, 150), [
    `--key=${join(dir, 'client.key')}`,
    `--cert=${join(dir, 'client.pem')}`,
    `--trust=${join(dir, 'ca.pem')}`,
  ]);
  assert.equal(await metric('hull_journal_entries_received_total', '{host="node-7.example"}'), 150);
});

test("a bearer token names the host by the token's name; a wrong token is refused with 401", async () => {
  const secret = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
  const body = serializeEntries([
    entryOf([
      ['__CURSOR', 'tok-1'],
      ['__REALTIME_TIMESTAMP', '1700000000000001'],
      ['MESSAGE', 'from an agent'],
    ]),
  ]);
  const post = (auth: string) =>
    fetch(`${server!.url}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.fdo.journal', authorization: `Bearer ${auth}` },
      body,
    });
  const ok = await post(secret);
  assert.equal(ok.status, 202);
  assert.equal(await ok.text(), 'OK.\n');
  const bad = await post('hull_not-a-token');
  assert.equal(bad.status, 401);
  const text = await (await fetch(`${server!.url}/metrics`)).text();
  assert.match(text, /hull_journal_entries_received_total\{host="[^"]+"\} 1\n/);
  assert.match(text, /hull_journal_uploads_rejected_total\{reason="unauthorized"\} 1/);
  assert.ok((await metric('hull_journal_store_entries', '')) >= 351);
  assert.ok((await metric('hull_journal_store_disk_bytes', '')) > 0);
});
