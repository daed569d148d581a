import { startServer } from './test/helpers/hull.js';
import { bigTranspileBody, send } from './test/helpers/load.js';
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(mkdtempSync(join(tmpdir(), 'p-')), 'd'), '--transpile-workers', '1', '--transpile-queue', '32']);
const port = new URL(server.url).port;
let sent = 0; const body = bigTranspileBody(30_000);
await new Promise<void>((resolve) => { for (let i = 0; i < 25; i++) send(server.url, { method: 'POST', path: '/api/v1/transpile', body, headers: { 'content-type': 'application/json' }, onSent: () => ++sent === 25 && resolve() }).catch(() => {}); });
for (let i = 0; i < 5; i++) {
  console.log(execSync(`ss -tn state all '( sport = :${port} )' | awk '{print $1}' | sort | uniq -c; ss -ltn '( sport = :${port} )'`).toString());
  await new Promise((r) => setTimeout(r, 200));
}
console.log(server.logs().split('\n').filter(l => l.includes('incoming')).length);
await server.stop();
