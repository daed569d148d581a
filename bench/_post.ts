import { request } from 'node:http';
import { entryOf, serializeEntries, type JournalEntry } from '../src/journal/index.js';
const UNITS = ['sshd.service', 'kubelet.service', 'containerd.service', 'etcd-member.service'];
const WORDS = ['started', 'stopped', 'connection', 'accepted', 'timeout', 'failed', 'retry', 'session', 'image', 'pull'];
const T0 = 1_700_000_000_000_000n;
function makeEntry(host: number, k: number, t: bigint): JournalEntry {
  const unit = UNITS[k % UNITS.length]!;
  const words = Array.from({ length: 6 + (k % 7) }, (_, i) => WORDS[(k * 7 + i * 13) % WORDS.length]).join(' ');
  return entryOf([
    ['__CURSOR', `s=${host.toString(16).padStart(32, '0')};i=${k.toString(16)};b=0123456789abcdef0123456789abcdef;m=${k.toString(16)};t=${t.toString(16)};x=${(k * 2654435761) >>> 0}`],
    ['__REALTIME_TIMESTAMP', String(t)], ['__MONOTONIC_TIMESTAMP', String(BigInt(k) * 1000n)],
    ['_BOOT_ID', '0123456789abcdef0123456789abcdef'], ['_MACHINE_ID', 'aa' + '5'.repeat(30)], ['_HOSTNAME', `node-${host}`],
    ['_TRANSPORT', k % 5 === 0 ? 'journal' : 'stdout'], ['PRIORITY', String(k % 17 === 0 ? 3 : 6)], ['SYSLOG_FACILITY', '3'],
    ['SYSLOG_IDENTIFIER', unit.replace(/\..*$/, '')], ['_PID', String(1000 + (k % 500))], ['_UID', '0'], ['_GID', '0'],
    ['_COMM', unit.replace(/\..*$/, '')], ['_EXE', `/usr/bin/${unit}`], ['_CMDLINE', `/usr/bin/${unit} --config /etc/${unit}.conf`],
    ['_CAP_EFFECTIVE', '1ffffffffff'], ['_SYSTEMD_CGROUP', `/system.slice/${unit}`], ['_SYSTEMD_UNIT', unit], ['_SYSTEMD_SLICE', 'system.slice'],
    ['_SYSTEMD_INVOCATION_ID', `${(k % 8).toString(16)}${'c'.repeat(31)}`], ['MESSAGE', `${unit}: ${words} #${k}`],
  ]);
}
const port = Number(process.argv[2]);
const N = Number(process.argv[3] ?? 20000);
const body = serializeEntries(Array.from({ length: N }, (_, k) => makeEntry(Number(process.argv[4] ?? 1), k, T0 + BigInt(k) * 1000n)));
const t0 = performance.now();
await new Promise<void>((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', headers: { 'content-type': 'application/vnd.fdo.journal', 'transfer-encoding': 'chunked' } }, (res) => { res.resume(); res.on('end', () => { console.log(res.statusCode, (N / ((performance.now() - t0) / 1000)).toFixed(0), '/s'); resolve(); }); });
  req.on('error', reject);
  for (let i = 0; i < body.length; i += 65536) req.write(body.subarray(i, i + 65536));
  req.end();
});
