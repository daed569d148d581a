import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import {
  FLATCAR,
  STABLE_AMD64_CHANNEL,
  STABLE_AMD64_GROUP,
  updateBackends,
  type Answer,
  type Backend,
  type Harness,
} from './update-harness.js';

// The Omaha endpoint over HTTP, fed the request bodies recorded from the real
// update_engine (test/fixtures/update/omaha/requests/, README there), on
// SQLite and PostgreSQL, in process and over a socket. Where a case needs
// another machine or track than the recording has, one attribute of the
// recorded bytes is replaced (`withAttr`); every other byte is as recorded.

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'update', 'omaha', 'requests');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const FIRST = 'check-first-previousversion-0.0.0.0.xml';
const M1 = '0359d69696fe8580fa87ec3b08ffbc30'; // the self-test machine
const M_LATER = '0266c2cc2e3293c190d8358b35a9b97b';
const M_WRONGKEY = 'c82ba0080cfb6240b72b453f8b123374';
const M_LEGACY = '55e4525eb1a17848132265c30743c86f';
const BRACED_APPID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';

/** The recorded bytes with one attribute's value replaced (the attribute must be there once). */
function withAttr(bytes: Buffer, attr: string, value: string): Buffer {
  const text = bytes.toString('utf8');
  const re = new RegExp(`(\\s${attr}=")[^"]*(")`, 'g');
  assert.equal(text.match(re)?.length, 1, `${attr} occurs once`);
  return Buffer.from(text.replace(re, `$1${value}$2`), 'utf8');
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['app', 'url', 'package', 'action', 'event'].includes(name),
});

interface OmahaAnswer {
  readonly raw: string;
  readonly doc: any;
  readonly app: any;
}

const b64 = (algo: string, b: Buffer) => createHash(algo).update(b).digest('base64');
const hex = (algo: string, b: Buffer) => createHash(algo).update(b).digest('hex');

function omahaCases(backend: Backend): void {
  describe(`Omaha over HTTP: ${backend.name}`, () => {
    let h: Harness;
    let pkg: any;
    let canary: any;
    const payload = randomBytes(150_000);
    const extension = randomBytes(3000);

    /** POSTs an Omaha body; the answer must be HTTP 200 text/xml whatever it says. */
    const omaha = async (
      body: Buffer | string,
      path = '/v1/update/',
      headers: Record<string, string> = { 'content-type': 'text/xml' },
    ): Promise<OmahaAnswer> => {
      const res = await h.send('POST', path, { body, headers });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers['content-type'] ?? '', /^text\/xml\b/);
      const doc = parser.parse(res.text);
      assert.equal(doc.response['@protocol'], '3.0');
      assert.equal(doc.response['@server'], 'hull');
      assert.deepEqual(doc.response.daystart, { '@elapsed_seconds': '0' });
      assert.equal(doc.response.app.length, 1);
      return { raw: res.text, doc, app: doc.response.app[0] };
    };
    const api = async (method: string, url: string, json?: unknown): Promise<Answer> =>
      h.send(method, url, { token: h.admin, ...(json === undefined ? {} : { json }) });
    const machine = async (id: string) => {
      const res = await api('GET', `/api/v1/instances/${id}`);
      assert.equal(res.status, 200, res.text);
      return res.json;
    };
    const statusOf = async (id: string): Promise<string> => (await machine(id)).apps[0].app.status;
    const counts = async () => ({
      instances: (await api('GET', '/api/v1/instances?includeHidden=true&perPage=1')).json.total,
      activity: (await api('GET', '/api/v1/activity?perPage=1')).json.total,
      // The API lists events per machine only; the total comes from the repository.
      events: (await h.repo.listEvents({ page: 1, perPage: 1 })).total,
    });

    before(async () => {
      h = await backend.start();
      const up = await h.send('POST', `/api/v1/apps/${FLATCAR}/packages/upload?version=1000.0.1&arch=amd64`, {
        token: h.admin,
        body: payload,
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(up.status, 201, up.text);
      const ext = {
        name: 'oem-azure.gz',
        size: extension.length,
        sha1: b64('sha1', extension),
        sha256Hex: hex('sha256', extension),
      };
      const patched = await api('PATCH', `/api/v1/apps/${FLATCAR}/packages/${up.json.id}`, { extraFiles: [ext] });
      assert.equal(patched.status, 200, patched.text);
      pkg = patched.json;
      assert.equal(
        (await api('PATCH', `/api/v1/apps/${FLATCAR}/channels/${STABLE_AMD64_CHANNEL}`, { packageId: pkg.id })).status,
        200,
      );
      const policy = { safeMode: false, maxUpdatesPerPeriod: 1000 };
      assert.equal(
        (await api('PATCH', `/api/v1/apps/${FLATCAR}/groups/${STABLE_AMD64_GROUP}`, { policy })).status,
        200,
      );
      const made = await api('POST', `/api/v1/apps/${FLATCAR}/groups`, {
        name: 'Canary',
        track: 'canary',
        channelId: STABLE_AMD64_CHANNEL,
        policy,
      });
      assert.equal(made.status, 201, made.text);
      canary = made.json;
    });
    after(() => h?.close());

    test('first check (3/2 previousversion="0.0.0.0"): updatecheck ok with the manifest, element by element; the machine is Granted', async () => {
      const a = await omaha(fixture(FIRST));
      const sha256 = b64('sha256', payload);
      assert.equal(sha256.length, 44);
      assert.deepEqual(a.app, {
        '@appid': BRACED_APPID,
        '@status': 'ok',
        ping: { '@status': 'ok' },
        updatecheck: {
          '@status': 'ok',
          urls: { url: [{ '@codebase': `${h.base}/packages/${pkg.id}/` }] },
          manifest: {
            '@version': '1000.0.1',
            packages: {
              package: [
                {
                  '@name': 'flatcar_production_update.gz',
                  '@hash': b64('sha1', payload),
                  '@size': String(payload.length),
                  '@required': 'true',
                },
                {
                  '@name': 'oem-azure.gz',
                  '@hash': b64('sha1', extension),
                  '@hash_sha256': hex('sha256', extension),
                  '@size': String(extension.length),
                  '@required': 'false',
                },
              ],
            },
            actions: { action: [{ '@event': 'postinstall', '@sha256': sha256, '@DisablePayloadBackoff': 'true' }] },
          },
        },
        event: [{ '@status': 'ok' }],
      });
      assert.match(
        a.raw,
        /<app [^>]*><ping [^>]*><\/ping><updatecheck [^>]*>.*<\/updatecheck><event status="ok"><\/event><\/app>/s,
        'ping, updatecheck, event in this order',
      );
      assert.equal(pkg.action.sha256, sha256, "the action's sha256 is the payload's");
      // update_engine appends the package name to the codebase.
      const codebase = a.app.updatecheck.urls.url[0]!['@codebase'];
      const dl = await h.send('GET', `${codebase.slice(h.base.length)}flatcar_production_update.gz`, {
        headers: { range: 'bytes=100-199' },
      });
      assert.equal(dl.status, 206);
      assert.deepEqual(dl.bytes, payload.subarray(100, 200));
      const m = await machine(M1);
      assert.equal(m.apps[0].app.status, 'granted');
      assert.deepEqual(
        [m.apps[0].app.groupId, m.apps[0].app.version, m.apps[0].app.lastUpdateVersion],
        [STABLE_AMD64_GROUP, '1000.0.0', '1000.0.1'],
      );
      assert.deepEqual([m.instance.alias, m.instance.oem, m.instance.alephVersion], ['selftest-1', 'qemu', '1000.0.0']);
    });

    test('the update sequence through HTTP: 13/1, 14/1, 3/1, ping-only, 3/2 with the old version after the reboot → Granted → Downloading → Downloaded → Complete', async () => {
      const eventOnly = { '@appid': BRACED_APPID, '@status': 'ok', event: [{ '@status': 'ok' }] };
      assert.deepEqual((await omaha(fixture('event-13-1-download-started.xml'))).app, eventOnly);
      assert.equal(await statusOf(M1), 'downloading');
      assert.deepEqual((await omaha(fixture('event-14-1-download-finished.xml'))).app, eventOnly);
      assert.equal(await statusOf(M1), 'downloaded');
      assert.deepEqual((await omaha(fixture('event-3-1-update-applied.xml'))).app, eventOnly);
      assert.equal(await statusOf(M1), 'downloaded', '3/1 is kept, no change: Flatcar completes after the reboot');
      const ping = await omaha(fixture('ping-only-constructed.xml'));
      assert.deepEqual(ping.app, { '@appid': BRACED_APPID, '@status': 'ok', ping: { '@status': 'ok' } });
      assert.equal(await statusOf(M1), 'downloaded', 'a ping while waiting for the reboot changes nothing');
      const rebooted = await omaha(fixture('check-after-reboot-previousversion-old.xml'));
      assert.deepEqual(rebooted.app, {
        '@appid': BRACED_APPID,
        '@status': 'ok',
        ping: { '@status': 'ok' },
        updatecheck: { '@status': 'noupdate' },
        event: [{ '@status': 'ok' }],
      });
      const m = await machine(M1);
      assert.deepEqual(
        [m.apps[0].app.status, m.apps[0].app.version, m.apps[0].app.updateInProgress],
        ['complete', '1000.0.1', false],
      );
      assert.deepEqual(m.apps[0].statusHistory.map((s: { status: string }) => s.status).reverse(), [
        'granted',
        'downloading',
        'downloaded',
        'complete',
      ]);
      assert.deepEqual(
        m.apps[0].events.map((e: { type: number; result: number }) => `${e.type}/${e.result}`).reverse(),
        ['13/1', '14/1', '3/1', '3/2'],
      );
      assert.equal(m.apps[0].events[0].previousVersion, '1000.0.0');
      const activity = (await api('GET', `/api/v1/activity?groupId=${STABLE_AMD64_GROUP}`)).json.items.map(
        (x: { className: string }) => x.className,
      );
      assert.ok(activity.includes('rollout-started'), String(activity));
    });

    test('the bare 44 after the reboot (back on 1000.0.0) is a rollback: recorded as sent, Error, counted', async () => {
      const a = await omaha(fixture('check-rollback-error-44.xml'));
      assert.equal(a.app['@status'], 'ok');
      assert.deepEqual(a.app.event, [{ '@status': 'ok' }]);
      const m = await machine(M1);
      const e = m.apps[0].events[0];
      assert.deepEqual([e.type, e.result, e.errorCode, e.rawErrorCode, e.version], [3, 0, 44, '44', '1000.0.0']);
      assert.ok(
        m.apps[0].statusHistory.some((s: { status: string }) => s.status === 'error'),
        'the machine went to Error',
      );
      const failed = (await api('GET', `/api/v1/activity?instanceId=${M1}`)).json.items;
      assert.ok(failed.some((x: { className: string }) => x.className === 'instance-update-failed'));
      const metrics = (await h.send('GET', '/metrics')).text;
      assert.match(metrics, /^hull_update_rollbacks_total\{group="Stable \(AMD64\)"\} 1$/m);
    });

    test('a later check (previousversion="") from a new machine is granted; the scheduled check gets the same package again', async () => {
      const a = await omaha(fixture('check-later-previousversion-empty.xml'));
      assert.deepEqual(
        [a.app['@status'], a.app.updatecheck['@status'], a.app.updatecheck.manifest['@version']],
        ['ok', 'ok', '1000.0.1'],
      );
      assert.equal(await statusOf(M_LATER), 'granted');
      const s = await omaha(fixture('check-scheduled.xml'));
      assert.deepEqual(
        [s.app['@status'], s.app.updatecheck['@status'], s.app.updatecheck.manifest['@version']],
        ['ok', 'ok', '1000.0.1'],
      );
      assert.deepEqual(s.app.ping, { '@status': 'ok' });
      assert.equal(await statusOf(M_LATER), 'granted');
      assert.equal((await machine(M_LATER)).instance.alias, 'capture-1');
    });

    test('3/0 with the test-URL flag: stored masked (18) and as sent (268435474); the machine shows Error', async () => {
      // The recorded run: a first check and 13/1 from this machine (its id put into those recordings), then the failure as recorded.
      const first = await omaha(withAttr(fixture(FIRST), 'machineid', M_WRONGKEY));
      assert.equal(first.app.updatecheck['@status'], 'ok');
      await omaha(withAttr(fixture('event-13-1-download-started.xml'), 'machineid', M_WRONGKEY));
      const a = await omaha(fixture('event-3-0-error-18-test-url-flag.xml'));
      assert.deepEqual(a.app, { '@appid': BRACED_APPID, '@status': 'ok', event: [{ '@status': 'ok' }] });
      const m = await machine(M_WRONGKEY);
      assert.equal(m.apps[0].app.status, 'error');
      assert.deepEqual([m.apps[0].events[0].errorCode, m.apps[0].events[0].rawErrorCode], [18, '268435474']);
      assert.equal(m.instance.alias, 'selftest-1', 'an empty machinealias does not overwrite the stored one');
      assert.match(
        (await h.send('GET', '/metrics')).text,
        /^hull_update_failures_total\{group="Stable \(AMD64\)"\} 1$/m,
      );
    });

    test('groups: a legacy CoreUpdate group UUID as track → the group with that id; a custom group by its track and by its id', async () => {
      const legacy = await omaha(fixture('check-escaped-alias-legacy-group.xml'));
      assert.equal(legacy.app.updatecheck['@status'], 'ok');
      const m = await machine(M_LEGACY);
      assert.equal(m.apps[0].app.groupId, STABLE_AMD64_GROUP);
      assert.equal(m.instance.alias, 'café & <co>', "libxml2's escaping read back");
      const rows: [string, string][] = [
        ['e0000000000000000000000000000001', 'canary'],
        ['e0000000000000000000000000000002', canary.id],
        ['e0000000000000000000000000000003', `{${canary.id.toUpperCase()}}`],
      ];
      for (const [id, track] of rows) {
        const a = await omaha(withAttr(withAttr(fixture(FIRST), 'machineid', id), 'track', track));
        assert.equal(a.app.updatecheck['@status'], 'ok', track);
        assert.equal((await machine(id)).apps[0].app.groupId, canary.id, track);
      }
    });

    test('an unknown appid or track: an error status, the event acknowledged, nothing stored', async () => {
      const before = await counts();
      const app = await omaha(
        withAttr(
          withAttr(fixture(FIRST), 'appid', '{00000000-0000-0000-0000-00000000000a}'),
          'machineid',
          'f0000000000000000000000000000001',
        ),
      );
      assert.deepEqual(app.app, {
        '@appid': '{00000000-0000-0000-0000-00000000000a}',
        '@status': 'error-unknownApplication',
        ping: { '@status': 'ok' },
        updatecheck: { '@status': 'error-internal' },
        event: [{ '@status': 'ok' }],
      });
      const track = await omaha(
        withAttr(withAttr(fixture(FIRST), 'track', 'no-such-group'), 'machineid', 'f0000000000000000000000000000002'),
      );
      assert.deepEqual(
        [track.app['@status'], track.app.updatecheck['@status']],
        ['error-unknownApplicationOrGroup', 'error-internal'],
      );
      assert.deepEqual(await counts(), before);
      for (const id of ['f0000000000000000000000000000001', 'f0000000000000000000000000000002'])
        assert.equal((await api('GET', `/api/v1/instances/${id}`)).status, 404);
    });

    test('POST /v1/update and /v1/update/ both answer; any Content-Type, or none', async () => {
      const ping = fixture('ping-only-constructed.xml');
      for (const [path, headers] of [
        ['/v1/update', { 'content-type': 'text/xml' }],
        ['/v1/update/', { 'content-type': 'application/xml' }],
        ['/v1/update', {}],
      ] as const) {
        const a = await omaha(ping, path, headers);
        assert.deepEqual(
          a.app,
          { '@appid': BRACED_APPID, '@status': 'ok', ping: { '@status': 'ok' } },
          `${path} ${JSON.stringify(headers)}`,
        );
      }
    });

    test('/metrics: hull_update_instances by app, channel, group, version, status; hull_update_grants_total', async () => {
      const granted = (
        await api('GET', `/api/v1/instances?groupId=${STABLE_AMD64_GROUP}&status=granted&version=1000.0.0`)
      ).json.total;
      assert.ok(granted >= 2);
      const text = (await h.send('GET', '/metrics')).text;
      assert.match(
        text,
        new RegExp(
          `^hull_update_instances\\{app="${FLATCAR}",channel="stable",group="Stable \\(AMD64\\)",version="1000.0.0",status="granted"\\} ${granted}$`,
          'm',
        ),
      );
      assert.match(
        text,
        new RegExp(
          `^hull_update_instances\\{app="${FLATCAR}",channel="stable",group="Stable \\(AMD64\\)",version="1000.0.0",status="error"\\} 1$`,
          'm',
        ),
      );
      assert.match(
        text,
        new RegExp(
          `^hull_update_instances\\{app="${FLATCAR}",channel="stable",group="Canary",version="1000.0.0",status="granted"\\} 3$`,
          'm',
        ),
      );
      assert.match(text, /^hull_update_grants_total\{group="Stable \(AMD64\)",version="1000.0.1"\} \d+$/m);
      assert.match(text, /^hull_update_grants_total\{group="Canary",version="1000.0.1"\} 3$/m);
      assert.match(text, /^hull_update_checks_total\{outcome="update"\} \d+$/m);
    });

    describe('bad input: HTTP 200 text/xml with an Omaha error, nothing stored, the server keeps serving', () => {
      const good = () => fixture('ping-only-constructed.xml');
      const laughs = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE request [<!ENTITY lol "lol">',
        ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
        ']>',
        '<request protocol="3.0"><app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" machineid="f00000000000000000000000000000bb" version="1000.0.0" track="stable" machinealias="&lol9;"><ping active="1"></ping></app></request>',
      ].join('\n');
      const external = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE request [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<request protocol="3.0"><app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" machineid="f00000000000000000000000000000ee" version="1000.0.0" track="stable" machinealias="&xxe;"><ping active="1"></ping></app></request>',
      ].join('\n');
      const first = () => fixture(FIRST);
      const cases: [string, () => Buffer | string, string, string][] = [
        ['not XML', () => 'this is not XML at all', 'error-malformedRequest', 'error-internal'],
        [
          'malformed XML (the recorded unescaped quote)',
          () => readFileSync(join(FIXTURES, 'malformed', 'quote-in-alias.xml')),
          'error-malformedRequest',
          'error-internal',
        ],
        [
          'wrong protocol',
          () => withAttr(first(), 'protocol', '2.0'),
          'error-unsupportedProtocol',
          'error-unsupportedProtocol',
        ],
        [
          'a 1 MB body',
          () => Buffer.concat([first(), Buffer.alloc(1024 * 1024, ' ')]),
          'error-requestTooLarge',
          'error-internal',
        ],
        ['an entity-expansion bomb', () => laughs, 'error-doctypeForbidden', 'error-internal'],
        ['an external entity', () => external, 'error-doctypeForbidden', 'error-internal'],
        [
          'a missing appid',
          () =>
            first()
              .toString('utf8')
              .replace(/ appid="[^"]*"/, ''),
          'error-invalidAppId',
          'error-internal',
        ],
        ['an empty appid', () => withAttr(first(), 'appid', ''), 'error-invalidAppId', 'error-internal'],
        [
          'an unknown app',
          () =>
            withAttr(
              withAttr(first(), 'appid', '{00000000-0000-0000-0000-0000000000cc}'),
              'machineid',
              'f00000000000000000000000000000cc',
            ),
          'error-unknownApplication',
          'error-internal',
        ],
        ['an empty body', () => '', 'error-malformedRequest', 'error-internal'],
        [
          'invalid UTF-8',
          () =>
            Buffer.concat([
              withAttr(first(), 'machineid', 'f00000000000000000000000000000dd').subarray(0, 400),
              Buffer.from([0xc3, 0x28, 0xff]),
              first().subarray(400),
            ]),
          'error-malformedRequest',
          'error-internal',
        ],
        [
          'a missing machineid',
          () =>
            first()
              .toString('utf8')
              .replace(/ machineid="[^"]*"/, ''),
          'error-instanceRegistrationFailed',
          'error-internal',
        ],
        [
          'an empty machineid',
          () => withAttr(first(), 'machineid', ''),
          'error-instanceRegistrationFailed',
          'error-internal',
        ],
        [
          'a bad event',
          () => first().toString('utf8').replace('eventresult="2"', 'eventresult="two"'),
          'error-invalidEvent',
          'error-internal',
        ],
      ];
      let baseline: Awaited<ReturnType<typeof counts>>;
      before(async () => {
        baseline = await counts();
      });
      for (const [what, body, appStatus, checkStatus] of cases) {
        test(what, async () => {
          const a = await omaha(body());
          assert.equal(a.app['@status'], appStatus, a.raw);
          assert.deepEqual(a.app.updatecheck, { '@status': checkStatus });
          assert.ok(!a.raw.includes('root:'), 'no file content');
          assert.deepEqual(await counts(), baseline, 'nothing stored');
          // A ping from a known machine: answered, and it adds no row.
          const after = await omaha(good());
          assert.deepEqual(
            after.app,
            { '@appid': BRACED_APPID, '@status': 'ok', ping: { '@status': 'ok' } },
            'a good request afterwards works',
          );
        });
      }
      test('none of the machines the bad requests named exists', async () => {
        for (const id of [
          'f00000000000000000000000000000bb',
          'f00000000000000000000000000000cc',
          'f00000000000000000000000000000dd',
          'f00000000000000000000000000000ee',
        ]) {
          assert.equal((await api('GET', `/api/v1/instances/${id}`)).status, 404, id);
        }
      });
      test('the refusals are counted on /metrics', async () => {
        const text = (await h.send('GET', '/metrics')).text;
        for (const code of [
          'OMAHA_NOT_XML',
          'OMAHA_WRONG_PROTOCOL',
          'OMAHA_TOO_LARGE',
          'OMAHA_DOCTYPE_FORBIDDEN',
          'OMAHA_MISSING_APPID',
          'OMAHA_BAD_EVENT',
        ]) {
          assert.match(text, new RegExp(`^hull_omaha_rejected_total\\{code="${code}"\\} [1-9]`, 'm'), code);
        }
      });
    });
  });
}

for (const backend of updateBackends('omaha')) omahaCases(backend);
