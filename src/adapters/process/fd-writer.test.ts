import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChunkWriter, fdWriter, mayBeTerminal } from './fd-writer.js';

const withDir = (fn: (dir: string) => void) => {
  const dir = mkdtempSync(join(tmpdir(), 'hull-fd-writer-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const noStream = (): ChunkWriter => assert.fail('no stream wanted');

test('fdWriter writes text and bytes in order, whole', () =>
  withDir((dir) => {
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    try {
      const errors: unknown[] = [];
      const w = fdWriter(fd, noStream, (e) => errors.push(e));
      w.write('héllo ');
      w.write(new Uint8Array([0x77, 0x6f, 0x72, 0x6c, 0x64]));
      w.write('');
      w.write('x'.repeat(200_000));
      assert.deepEqual(errors, []);
    } finally {
      closeSync(fd);
    }
    assert.equal(readFileSync(file, 'utf8'), `héllo world${'x'.repeat(200_000)}`);
  }));

test('fdWriter: a failed write goes to onError once, also a write of nothing (/dev/full)', () => {
  const fd = openSync('/dev/full', 'w');
  try {
    const errors: NodeJS.ErrnoException[] = [];
    const w = fdWriter(fd, noStream, (e) => errors.push(e));
    w.write('some text');
    w.write('');
    assert.deepEqual(
      errors.map((e) => e.code),
      ['ENOSPC', 'ENOSPC'],
    );
  } finally {
    closeSync(fd);
  }
});

test('fdWriter: a non-blocking descriptor that is full hands the rest, and every later write, to the stream', () =>
  withDir((dir) => {
    const fifo = join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo (coreutils)');
    // Read and write ends in one: writes past the pipe's buffer (64 KiB) fail with EAGAIN.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const handed: Uint8Array[] = [];
      let streams = 0;
      const stream = (): ChunkWriter => {
        streams++;
        return { write: (c) => handed.push(typeof c === 'string' ? Buffer.from(c) : c) };
      };
      const w = fdWriter(fd, stream, (e) => assert.fail(`no error wanted: ${e.code}`));
      const big = Buffer.alloc(300_000, 0x61);
      w.write(big);
      w.write('after');
      assert.equal(streams, 1);
      const buf = Buffer.alloc(400_000);
      let inPipe = 0;
      for (;;) {
        try {
          const n = readSync(fd, buf, inPipe, buf.length - inPipe, null);
          if (n === 0) break;
          inPipe += n;
        } catch {
          break; // EAGAIN: drained
        }
      }
      assert.ok(inPipe > 0 && inPipe < big.length, `the pipe took part (${inPipe} bytes)`);
      assert.equal(handed.length, 2);
      assert.equal(inPipe + handed[0]!.length, big.length, 'nothing lost or written twice');
      assert.equal(Buffer.from(handed[1]!).toString(), 'after');
    } finally {
      closeSync(fd);
    }
  }));

test('mayBeTerminal: false for /dev/null, a file, a pipe and a closed descriptor', () =>
  withDir((dir) => {
    const fds = [openSync('/dev/null', 'w'), openSync(join(dir, 'f'), 'w')];
    try {
      for (const fd of fds) assert.equal(mayBeTerminal(fd), false);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    assert.equal(mayBeTerminal(fds[0]!), false, 'closed');
    // A pseudo-terminal, where `script` (util-linux) can give one: its stdout may be a terminal.
    const r = spawnSync(
      'script',
      [
        '-qc',
        `"${process.execPath}" --import tsx -e "import('${join(import.meta.dirname, 'fd-writer.ts')}').then((m) => console.log('tty:' + m.mayBeTerminal(1)))"`,
        '/dev/null',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(r.error, undefined, 'script (util-linux) is needed');
    assert.match(r.stdout, /tty:true/);
  }));
