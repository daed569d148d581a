import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanLogLine, humanLogSink } from './log-lines.js';

const at = new Date(2026, 0, 2, 3, 4, 5).getTime();

test('the start line: the URL alone on a line first, then the facts without the limits', () => {
  const line = JSON.stringify({
    level: 30,
    time: at,
    pid: 1,
    hostname: 'h',
    name: 'hull',
    msg: 'hull listening',
    url: 'http://127.0.0.1:8080',
    store: 'sqlite',
    limits: { a: 1 },
  });
  assert.equal(humanLogLine(`${line}\n`), 'http://127.0.0.1:8080\n03:04:05 INFO  hull listening store=sqlite\n');
});

test('a request is one short line; other fields are key=value; errors keep their stack indented', () => {
  const req = JSON.stringify({
    level: 30,
    time: at,
    reqId: 'req-1',
    msg: 'request',
    method: 'GET',
    url: '/healthz',
    status: 200,
    ms: 1.5,
  });
  assert.equal(humanLogLine(req), '03:04:05 INFO  GET /healthz 200 1.5ms\n');
  const warn = JSON.stringify({
    level: 40,
    time: at,
    msg: 'transpile worker replaced',
    reason: 'timeout',
    detail: 'ran 10 s',
  });
  assert.equal(humanLogLine(warn), '03:04:05 WARN  transpile worker replaced reason=timeout detail="ran 10 s"\n');
  const err = JSON.stringify({ level: 50, time: at, msg: 'boom', err: { message: 'x', stack: 'Error: x\n    at f' } });
  assert.equal(humanLogLine(err), '03:04:05 ERROR boom\n  Error: x\n      at f\n');
  assert.equal(humanLogLine('not json'), 'not json\n');
});

test("the sink holds the start-up info lines back until the URL line, and drops fastify's own listening line", () => {
  let out = '';
  const sink = humanLogSink((t) => (out += t));
  sink.write(JSON.stringify({ level: 30, time: at, msg: 'store opened', dialect: 'sqlite' }));
  sink.write(JSON.stringify({ level: 40, time: at, msg: 'careful' }));
  assert.equal(out, '03:04:05 WARN  careful\n');
  sink.write(JSON.stringify({ level: 30, time: at, msg: 'Server listening at http://127.0.0.1:1' }));
  sink.write(JSON.stringify({ level: 30, time: at, msg: 'hull listening', url: 'http://127.0.0.1:1' }));
  sink.write(JSON.stringify({ level: 30, time: at, msg: 'stopped' }));
  assert.equal(
    out,
    '03:04:05 WARN  careful\nhttp://127.0.0.1:1\n03:04:05 INFO  store opened dialect=sqlite\n03:04:05 INFO  hull listening\n03:04:05 INFO  stopped\n',
  );
});
