// A stand-in for systemd's private D-Bus socket (/run/systemd/private), just
// enough for Ignition's GetSystemdVersion: SASL EXTERNAL, then every method
// call gets an empty reply, and Properties.Get gets the variant string "252".
// Usage: node fake-systemd.mjs SOCKET_PATH   (runs until killed)
import { createServer } from 'node:net';

const path = process.argv[2];
const pad = (n, a) => (a - (n % a)) % a;

function reply(serial, version) {
  const body = version ? Buffer.from([1, 0x73, 0, 0, 3, 0, 0, 0, 0x32, 0x35, 0x32, 0]) : Buffer.alloc(0);
  const fields = [];
  fields.push(Buffer.from([5, 1, 0x75, 0]), u32(serial)); // REPLY_SERIAL u
  if (version) fields.push(Buffer.alloc(0), Buffer.from([8, 1, 0x67, 0, 1, 0x76, 0])); // SIGNATURE g "v" (struct at offset 8)
  let f = Buffer.concat(fields.slice(0, 2));
  if (version) f = Buffer.concat([f, Buffer.from([8, 1, 0x67, 0, 1, 0x76, 0])]);
  const head = Buffer.concat([
    Buffer.from([0x6c, 2, 1, 1]),
    u32(body.length),
    u32(0x7fff0000 + serial),
    u32(f.length),
    f,
  ]);
  return Buffer.concat([head, Buffer.alloc(pad(head.length, 8)), body]);
}
function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

createServer((sock) => {
  let buf = Buffer.alloc(0);
  let authed = false;
  sock.on('error', () => {});
  sock.on('data', (d) => {
    if (process.env.FAKE_DEBUG) process.stderr.write(`fake-systemd got ${JSON.stringify(d.toString('latin1'))}\n`);
    buf = Buffer.concat([buf, d]);
    while (!authed) {
      if (buf[0] === 0) buf = buf.subarray(1);
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.subarray(0, nl).toString();
      buf = buf.subarray(nl + 2);
      if (line === 'AUTH') sock.write('REJECTED EXTERNAL\r\n');
      else if (line.startsWith('AUTH')) sock.write('OK 0123456789abcdef0123456789abcdef\r\n');
      else if (line.startsWith('NEGOTIATE_UNIX_FD')) sock.write('AGREE_UNIX_FD\r\n');
      else if (line.startsWith('BEGIN')) authed = true;
      else sock.write('ERROR\r\n');
    }
    while (buf.length >= 16) {
      const le = buf[0] === 0x6c;
      const rd = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
      const bodyLen = rd(4);
      const serial = rd(8);
      const fieldsLen = rd(12);
      const total = 16 + fieldsLen + pad(16 + fieldsLen, 8) + bodyLen;
      if (buf.length < total) return;
      const msg = buf.subarray(0, total);
      buf = buf.subarray(total);
      if (msg[1] !== 1) continue; // only method calls are answered
      const fields = msg.subarray(16, 16 + fieldsLen);
      const isGet =
        fields.includes(Buffer.from([3, 0, 0, 0, 0x47, 0x65, 0x74, 0])) ||
        fields.includes(Buffer.from([0, 0, 0, 3, 0x47, 0x65, 0x74, 0]));
      sock.write(reply(serial, isGet));
    }
  });
}).listen(path);
