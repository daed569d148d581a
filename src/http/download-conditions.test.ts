import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityTags, evaluateConditions } from './download-conditions.js';

const file = { etag: '"a1-20-3f"', mtime: new Date('2024-05-01T10:00:00.750Z') };
const lastModified = file.mtime.toUTCString(); // Wed, 01 May 2024 10:00:00 GMT
const later = 'Wed, 01 May 2024 11:00:00 GMT';
const earlier = 'Wed, 01 May 2024 09:00:00 GMT';
const run = (headers: Record<string, string>, method = 'GET') => evaluateConditions(method, headers, file);
const SEND = { kind: 'send', ranges: true };
const WHOLE = { kind: 'send', ranges: false };
const NOT_MODIFIED = { kind: 'not-modified' };
const FAILED = { kind: 'precondition-failed' };

test('entityTags splits lists, keeps W/ and *', () => {
  assert.deepEqual(entityTags('"a", W/"b" ,"c,d"'), ['"a"', 'W/"b"', '"c,d"']);
  assert.deepEqual(entityTags('*'), ['*']);
  assert.deepEqual(entityTags('garbage'), []);
});

test('conditional downloads, one row per rule (RFC 9110 §13.2.2 order)', () => {
  const rows: [string, Record<string, string>, unknown, string?][] = [
    ['no conditions', {}, SEND],
    ['If-None-Match equal', { 'if-none-match': file.etag }, NOT_MODIFIED],
    ['If-None-Match weak form of the tag (weak comparison)', { 'if-none-match': `W/${file.etag}` }, NOT_MODIFIED],
    ['If-None-Match in a list', { 'if-none-match': `"x", ${file.etag}` }, NOT_MODIFIED],
    ['If-None-Match *', { 'if-none-match': '*' }, NOT_MODIFIED],
    ['If-None-Match other', { 'if-none-match': '"other"' }, SEND],
    [
      'If-None-Match other wins over a matching If-Modified-Since',
      { 'if-none-match': '"other"', 'if-modified-since': later },
      SEND,
    ],
    ['If-None-Match on POST is not a 304', { 'if-none-match': file.etag }, SEND, 'POST'],
    ['If-Modified-Since later', { 'if-modified-since': later }, NOT_MODIFIED],
    ['If-Modified-Since = Last-Modified', { 'if-modified-since': lastModified }, NOT_MODIFIED],
    ['If-Modified-Since earlier', { 'if-modified-since': earlier }, SEND],
    ['If-Modified-Since malformed', { 'if-modified-since': 'yesterday' }, SEND],
    ['If-Match equal', { 'if-match': file.etag }, SEND],
    ['If-Match *', { 'if-match': '*' }, SEND],
    ['If-Match weak (strong comparison fails)', { 'if-match': `W/${file.etag}` }, FAILED],
    ['If-Match other', { 'if-match': '"other"' }, FAILED],
    ['If-Unmodified-Since earlier', { 'if-unmodified-since': earlier }, FAILED],
    ['If-Unmodified-Since later', { 'if-unmodified-since': later }, SEND],
    ['If-Match equal overrides If-Unmodified-Since', { 'if-match': file.etag, 'if-unmodified-since': earlier }, SEND],
    ['If-Range equal tag', { range: 'bytes=0-1', 'if-range': file.etag }, SEND],
    ['If-Range other tag', { range: 'bytes=0-1', 'if-range': '"other"' }, WHOLE],
    ['If-Range weak tag never matches', { range: 'bytes=0-1', 'if-range': `W/${file.etag}` }, WHOLE],
    ['If-Range = Last-Modified', { range: 'bytes=0-1', 'if-range': lastModified }, SEND],
    ['If-Range later date (must be exact)', { range: 'bytes=0-1', 'if-range': later }, WHOLE],
    ['If-Range malformed', { range: 'bytes=0-1', 'if-range': 'soon' }, WHOLE],
  ];
  for (const [name, headers, want, method] of rows) assert.deepEqual(run(headers, method), want, name);
});
