// The writer's output is byte-identical to responses the real update_engine accepted
// (test/fixtures/update/omaha/responses, README.md there says how they were obtained).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { errorResponse, parseRequest, writeResponse, type OmahaResponseApp } from './index.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/update/omaha/', import.meta.url));
const read = (name: string) => readFileSync(`${DIR}responses/${name}`, 'utf8');
const APPID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';
const SHA1 = '6W057kNkxeFC4UqyKwmVLQTaF+A=';

function answer(app: Omit<OmahaResponseApp, 'appId' | 'status'>): string {
  return writeResponse({ server: 'hull', elapsedSeconds: 0, apps: [{ appId: APPID, status: 'ok', ...app }] });
}

test('update available, with an extension package after the OS payload', () => {
  assert.equal(
    answer({
      ping: true,
      eventAcks: 1,
      updateCheck: {
        status: 'ok',
        urls: ['http://127.0.0.1:41093/payloads/'],
        manifest: {
          version: '1000.0.1',
          packages: [
            { name: 'payload.bin', hash: SHA1, size: 1363616, required: true },
            { name: 'oem-qemu.gz', hash: SHA1, size: 10, required: false, hashSha256: 'ab'.repeat(32) },
          ],
          actions: [
            {
              event: 'postinstall',
              sha256: 'TDrnAZ3Rp7iPpdVWOW1rzhklPBxFBCMdM6QlEtYv3Po=',
              disablePayloadBackoff: true,
              needsAdmin: false,
              isDeltaPayload: false,
              maxFailureCountPerUrl: 2,
            },
          ],
        },
      },
    }),
    read('update-ok.xml'),
  );
});

test('event acknowledgement, noupdate with PollInterval, the error answer', () => {
  assert.equal(answer({ ping: false, eventAcks: 1 }), read('event-ack.xml'));
  assert.equal(
    answer({ ping: true, eventAcks: 1, updateCheck: { status: 'noupdate', pollInterval: 3600 } }),
    read('noupdate.xml'),
  );
  assert.equal(errorResponse('OMAHA_BAD_EVENT', { appId: APPID }), read('error-bad-event.xml'));
});

test('the appid is echoed as the recorded request sent it', () => {
  const r = parseRequest(new Uint8Array(readFileSync(`${DIR}requests/check-first-previousversion-0.0.0.0.xml`)));
  assert.ok(r.ok);
  assert.ok(read('update-ok.xml').includes(`<app appid="${r.request.apps[0]!.appId}" status="ok">`));
});
