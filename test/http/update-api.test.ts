import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FLATCAR, updateBackends, type Answer, type Backend, type Harness } from './update-harness.js';

// The update service's management API (/api/v1/apps…, /api/v1/instances…,
// /api/v1/activity, the upload route and the hosted downloads) on SQLite and
// PostgreSQL, in process and over a socket. One app per backend, built up
// test by test (node:test runs the tests of a describe in order).

const sha1b64 = (b: Buffer) => createHash('sha1').update(b).digest('base64');
const sha256hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha256b64 = (b: Buffer) => createHash('sha256').update(b).digest('base64');

/** A check from update_engine (the recorded layout) for a machine of the test app. */
function check(appId: string, machine: string, version: string, track: string, alias: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">',
    `    <os version="Chateau" platform="CoreOS" sp="${version}_x86_64"></os>`,
    `    <app appid="{${appId}}" version="${version}" track="${track}" bootid="{3d1d4d17-9050-4a29-8e2e-9ea78caea253}" oem="qemu" oemversion="0.0.1" alephversion="${version}" machineid="${machine}" machinealias="${alias}" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false" >`,
    '        <ping active="1"></ping>',
    '        <updatecheck></updatecheck>',
    '        <event eventtype="3" eventresult="2" previousversion=""></event>',
    '    </app>',
    '</request>',
    '',
  ].join('\n');
}

function apiCases(backend: Backend): void {
  describe(`update API: ${backend.name}`, () => {
    let h: Harness;
    let app: any;
    let hosted: any;
    let external: any;
    let older: any;
    let stable: any;
    let beta: any;
    let group: any;
    const upload = randomBytes(70_000);

    const call = (method: string, url: string, json?: unknown, token?: string): Promise<Answer> =>
      h.send(method, url, { token: token ?? h.admin, ...(json === undefined ? {} : { json }) });
    const ok = async (method: string, url: string, json?: unknown, status = 200) => {
      const res = await call(method, url, json);
      assert.equal(res.status, status, `${method} ${url}: ${res.text}`);
      return res.json;
    };
    const refused = async (res: Answer | Promise<Answer>, status: number, code: string, path?: string) => {
      const r = await res;
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.error.code, code, r.text);
      assert.equal(typeof r.json.error.message, 'string');
      if (path !== undefined) {
        assert.ok(Array.isArray(r.json.error.details), r.text);
        assert.equal(r.json.error.details[0].path, path, r.text);
      }
      return r.json.error;
    };
    const A = () => `/api/v1/apps/${app.id}`;

    before(async () => {
      h = await backend.start();
    });
    after(() => h?.close());

    test('apps: create, list, get (by id and by product id), change, duplicates 409, bad bodies 400, delete', async () => {
      app = await ok(
        'POST',
        '/api/v1/apps',
        { name: 'Test OS', description: 'for the API test', productId: 'io.example.TestOS' },
        201,
      );
      assert.match(app.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        [app.name, app.description, app.productId],
        ['Test OS', 'for the API test', 'io.example.TestOS'],
      );
      const list = await ok('GET', '/api/v1/apps');
      assert.deepEqual(
        list.items.map((a: { id: string }) => a.id),
        [FLATCAR, app.id],
      );
      assert.equal((await ok('GET', `/api/v1/apps/${app.id}`)).name, 'Test OS');
      assert.equal((await ok('GET', '/api/v1/apps/IO.EXAMPLE.TESTOS')).id, app.id, 'the product id, any case');
      assert.equal((await ok('GET', `/api/v1/apps/{${FLATCAR.toUpperCase()}}`)).id, FLATCAR, 'braces and case ignored');
      assert.equal((await ok('PATCH', `/api/v1/apps/${app.id}`, { description: 'changed' })).description, 'changed');
      await refused(call('POST', '/api/v1/apps', { name: 'Test OS' }), 409, 'CONFLICT');
      await refused(call('POST', '/api/v1/apps', { name: 'Other', productId: 'IO.example.testos' }), 409, 'CONFLICT');
      await refused(call('POST', '/api/v1/apps', { name: '' }), 400, 'REQUEST_INVALID', '$.name');
      await refused(call('POST', '/api/v1/apps', { name: 'x', colour: 1 }), 400, 'REQUEST_INVALID', '$.colour');
      await refused(call('PATCH', `/api/v1/apps/${app.id}`, {}), 400, 'REQUEST_INVALID');
      const gone = await ok('POST', '/api/v1/apps', { name: 'Short-lived' }, 201);
      assert.equal((await call('DELETE', `/api/v1/apps/${gone.id}`)).status, 204);
      await refused(call('GET', `/api/v1/apps/${gone.id}`), 404, 'NOT_FOUND');
      await refused(call('DELETE', `/api/v1/apps/${gone.id}`), 404, 'NOT_FOUND');
    });

    test('packages: register one hosted elsewhere (JSON with url); the action sha256 is the base64 of sha256Hex; bad input 400, duplicates 409', async () => {
      const body = {
        version: '2.0.0',
        arch: 'amd64',
        url: 'https://dl.example.com/2.0.0',
        filename: 'update.gz',
        size: 1234,
        sha1: sha1b64(Buffer.from('x')),
        sha256Hex: sha256hex(Buffer.from('x')),
      };
      external = await ok('POST', `${A()}/packages`, body, 201);
      assert.equal(external.url, 'https://dl.example.com/2.0.0/', 'the codebase ends in /');
      assert.deepEqual(external.action, {
        sha256: sha256b64(Buffer.from('x')),
        disablePayloadBackoff: true,
        isDelta: false,
        maxFailureCountPerUrl: null,
      });
      assert.deepEqual([external.extraFiles, external.blacklistChannelIds, external.appId], [[], [], app.id]);
      older = await ok(
        'POST',
        `${A()}/packages`,
        { ...body, version: '1.5.0', url: 'https://dl.example.com/1.5.0/' },
        201,
      );
      await refused(call('POST', `${A()}/packages`, body), 409, 'CONFLICT');
      await refused(
        call('POST', `${A()}/packages`, { ...body, version: '9.0.0', sha1: 'not base64' }),
        400,
        'REQUEST_INVALID',
        '$.sha1',
      );
      await refused(
        call('POST', `${A()}/packages`, { ...body, version: '9.0.0', url: 'ftp://x/' }),
        400,
        'REQUEST_INVALID',
        '$.url',
      );
      await refused(
        call('POST', `${A()}/packages`, { ...body, version: 'nine dot oh' }),
        400,
        'REQUEST_INVALID',
        '$.version',
      );
      await refused(
        call('POST', `${A()}/packages`, { ...body, version: '9.0.0', arch: 'sparc' }),
        400,
        'REQUEST_INVALID',
        '$.arch',
      );
      await refused(
        call('POST', `${A()}/packages`, { ...body, version: '9.0.0', action: { sha256: sha256b64(Buffer.from('y')) } }),
        400,
        'REQUEST_INVALID',
        '$.action.sha256',
      );
      const { size: _size, ...noSize } = body;
      await refused(call('POST', `${A()}/packages`, { ...noSize, version: '9.0.0' }), 400, 'REQUEST_INVALID', '$.size');
      assert.equal((await ok('GET', `${A()}/packages/${external.id}`)).version, '2.0.0');
      assert.deepEqual((await ok('GET', `${A()}/packages`)).items.map((p: { version: string }) => p.version).sort(), [
        '1.5.0',
        '2.0.0',
      ]);
      await refused(call('GET', `${A()}/packages/no-such-package`), 404, 'NOT_FOUND');
      await refused(call('GET', `/api/v1/apps/${FLATCAR}/packages/${external.id}`), 404, 'NOT_FOUND', undefined);
    });

    test('packages: upload as application/octet-stream (hashes equal node:crypto), then the hosted file downloads with Range, HEAD and ETag', async () => {
      const url = `${A()}/packages/upload?version=2.1.0&arch=amd64&filename=payload.bin&description=uploaded`;
      const res = await h.send('POST', url, {
        token: h.admin,
        body: upload,
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(res.status, 201, res.text);
      hosted = res.json;
      assert.deepEqual(
        [
          hosted.url,
          hosted.filename,
          hosted.size,
          hosted.sha1,
          hosted.sha256Hex,
          hosted.action.sha256,
          hosted.description,
        ],
        [null, 'payload.bin', upload.length, sha1b64(upload), sha256hex(upload), sha256b64(upload), 'uploaded'],
      );
      const file = `/packages/${hosted.id}/payload.bin`;
      const whole = await h.send('GET', file);
      assert.equal(whole.status, 200);
      assert.deepEqual(whole.bytes, upload);
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      const part = await h.send('GET', file, { headers: { range: 'bytes=1000-1999' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers['content-range'], `bytes 1000-1999/${upload.length}`);
      assert.deepEqual(part.bytes, upload.subarray(1000, 2000));
      const resumed = await h.send('GET', file, { headers: { range: `bytes=${upload.length - 10}-` } });
      assert.deepEqual(resumed.bytes, upload.subarray(upload.length - 10));
      const head = await h.send('HEAD', file);
      assert.deepEqual(
        [head.status, head.headers['content-length'], head.bytes.length],
        [200, String(upload.length), 0],
      );
      const etag = whole.headers['etag']!;
      assert.equal((await h.send('GET', file, { headers: { 'if-none-match': etag } })).status, 304);
      assert.equal((await h.send('GET', file, { headers: { range: `bytes=${upload.length}-` } })).status, 416);
      // Refusals: the same version and arch again, another Content-Type, no version, a viewer.
      const again = await h.send('POST', url, {
        token: h.admin,
        body: upload,
        headers: { 'content-type': 'application/octet-stream' },
      });
      await refused(again, 409, 'CONFLICT');
      const text = await h.send('POST', `${A()}/packages/upload?version=2.2.0&arch=amd64`, {
        token: h.admin,
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(text.status, 415);
      await refused(
        h.send('POST', `${A()}/packages/upload?arch=amd64`, {
          token: h.admin,
          body: 'x',
          headers: { 'content-type': 'application/octet-stream' },
        }),
        400,
        'REQUEST_INVALID',
        '$.version',
      );
      await refused(
        h.send('POST', `${A()}/packages/upload?version=2.2.0&arch=amd64`, {
          token: h.viewer,
          body: 'x',
          headers: { 'content-type': 'application/octet-stream' },
        }),
        403,
        'FORBIDDEN',
      );
      assert.equal((await ok('GET', `${A()}/packages`)).items.length, 3, 'the refused uploads made no package');
    });

    test('channels: create, duplicates 409, promotion writes a ChannelPackageUpdated activity, another arch 409, an unknown package 400', async () => {
      stable = await ok('POST', `${A()}/channels`, { name: 'stable', arch: 'amd64', color: '#123456' }, 201);
      beta = await ok('POST', `${A()}/channels`, { name: 'beta', arch: 'amd64', packageId: older.id }, 201);
      assert.deepEqual([stable.packageId, beta.packageId], [null, older.id]);
      await refused(call('POST', `${A()}/channels`, { name: 'stable', arch: 'amd64' }), 409, 'CONFLICT');
      await refused(
        call('POST', `${A()}/channels`, { name: 'stable', arch: 'mips' }),
        400,
        'REQUEST_INVALID',
        '$.arch',
      );
      const promoted = await ok('PATCH', `${A()}/channels/${stable.id}`, { packageId: hosted.id });
      assert.equal(promoted.packageId, hosted.id);
      const log = await ok('GET', `/api/v1/activity?channelId=${stable.id}`);
      assert.equal(log.items[0].className, 'channel-package-updated');
      assert.equal(log.items[0].version, '2.1.0');
      assert.match(log.items[0].message, /stable \(amd64\) now points at 2\.1\.0/);
      const arm = await ok('POST', '/api/v1/apps/' + app.id + '/channels', { name: 'stable', arch: 'aarch64' }, 201);
      await refused(call('PATCH', `${A()}/channels/${arm.id}`, { packageId: hosted.id }), 409, 'CONFLICT');
      await refused(
        call('PATCH', `${A()}/channels/${stable.id}`, { packageId: 'no-such-package' }),
        400,
        'REQUEST_INVALID',
        '$.packageId',
      );
      await refused(
        call('PATCH', `${A()}/channels/${stable.id}`, { arch: 'aarch64' }),
        400,
        'REQUEST_INVALID',
        '$.arch',
      );
      assert.deepEqual(
        (await ok('GET', `${A()}/channels`)).items.map((c: { name: string; arch: string }) => `${c.name}/${c.arch}`),
        ['stable/amd64', 'beta/amd64', 'stable/aarch64'],
      );
      assert.equal((await call('DELETE', `${A()}/channels/${arm.id}`)).status, 204);
      await refused(call('GET', `${A()}/channels/${arm.id}`), 404, 'NOT_FOUND');
    });

    test('floors: put, list, delete; a package of another arch 409; no such floor 404', async () => {
      const floor = await ok('PUT', `${A()}/channels/${stable.id}/floors/${older.id}`, { reason: 'migrates the disk' });
      assert.deepEqual(floor, { channelId: stable.id, packageId: older.id, reason: 'migrates the disk' });
      assert.deepEqual((await ok('GET', `${A()}/channels/${stable.id}/floors`)).items, [floor]);
      const arm = await ok(
        'POST',
        `${A()}/packages`,
        {
          version: '2.0.0',
          arch: 'aarch64',
          url: 'https://dl.example.com/arm/',
          filename: 'u.gz',
          size: 1,
          sha1: sha1b64(Buffer.from('a')),
          sha256Hex: sha256hex(Buffer.from('a')),
        },
        201,
      );
      await refused(call('PUT', `${A()}/channels/${stable.id}/floors/${arm.id}`, {}), 409, 'CONFLICT');
      await refused(call('PUT', `${A()}/channels/${stable.id}/floors/no-such-package`, {}), 404, 'NOT_FOUND');
      assert.equal((await call('DELETE', `${A()}/channels/${stable.id}/floors/${older.id}`)).status, 204);
      await refused(call('DELETE', `${A()}/channels/${stable.id}/floors/${older.id}`), 404, 'NOT_FOUND');
      assert.deepEqual((await ok('GET', `${A()}/channels/${stable.id}/floors`)).items, []);
      assert.equal((await ok('PUT', `${A()}/channels/${stable.id}/floors/${older.id}`, {})).reason, '');
    });

    test('blacklist: PATCH a package; refused (409) for a channel pointing at it, 400 for an unknown channel', async () => {
      await refused(
        call('PATCH', `${A()}/packages/${hosted.id}`, { blacklistChannelIds: [stable.id] }),
        409,
        'CONFLICT',
      );
      await refused(
        call('PATCH', `${A()}/packages/${external.id}`, { blacklistChannelIds: [stable.id, 'no-such-channel'] }),
        400,
        'REQUEST_INVALID',
        '$.blacklistChannelIds.1',
      );
      const p = await ok('PATCH', `${A()}/packages/${external.id}`, {
        blacklistChannelIds: [stable.id],
        description: 'bad build',
      });
      assert.deepEqual([p.blacklistChannelIds, p.description], [[stable.id], 'bad build']);
      await refused(call('PATCH', `${A()}/channels/${stable.id}`, { packageId: external.id }), 409, 'CONFLICT');
      await refused(
        call('PATCH', `${A()}/packages/${external.id}`, { version: '3.0.0' }),
        400,
        'REQUEST_INVALID',
        '$.version',
      );
      await refused(
        call('PATCH', `${A()}/packages/${external.id}`, { action: { sha256: sha256b64(Buffer.from('z')) } }),
        400,
        'REQUEST_INVALID',
        '$.action.sha256',
      );
      assert.equal(
        (await ok('PATCH', `${A()}/packages/${external.id}`, { action: { maxFailureCountPerUrl: 3 } })).action
          .maxFailureCountPerUrl,
        3,
      );
    });

    test('groups with policies: defaults filled in, PATCH merges fields, a bad time zone 400 with details, duplicates 409', async () => {
      group = await ok(
        'POST',
        `${A()}/groups`,
        {
          name: 'Production',
          track: 'prod',
          channelId: stable.id,
          policy: { maxUpdatesPerPeriod: 2, autoHalt: { enabled: true } },
        },
        201,
      );
      assert.deepEqual(
        [
          group.policy.maxUpdatesPerPeriod,
          group.policy.safeMode,
          group.policy.timezone,
          group.policy.autoHalt,
          group.policy.staged,
          group.policy.pin,
        ],
        [
          2,
          true,
          'UTC',
          { enabled: true, windowSeconds: 86400, threshold: 0.2, minSamples: 5 },
          { percent: 100, schedule: null },
          null,
        ],
      );
      assert.deepEqual(group.rollout, { inProgress: false, version: null, halted: null });
      const changed = await ok('PATCH', `${A()}/groups/${group.id}`, {
        description: 'the fleet',
        policy: { officeHours: true, timezone: 'Europe/Berlin', autoHalt: { threshold: 0.5 } },
      });
      assert.deepEqual(
        [
          changed.description,
          changed.policy.officeHours,
          changed.policy.timezone,
          changed.policy.maxUpdatesPerPeriod,
          changed.policy.autoHalt,
        ],
        ['the fleet', true, 'Europe/Berlin', 2, { enabled: true, windowSeconds: 86400, threshold: 0.5, minSamples: 5 }],
      );
      const back = await ok('PATCH', `${A()}/groups/${group.id}`, { policy: { officeHours: false, safeMode: false } });
      assert.deepEqual(
        [back.policy.officeHours, back.policy.safeMode, back.policy.timezone],
        [false, false, 'Europe/Berlin'],
      );
      const tz = await refused(
        call('PATCH', `${A()}/groups/${group.id}`, { policy: { timezone: 'Mars/Olympus_Mons' } }),
        400,
        'REQUEST_INVALID',
        '$.policy.timezone',
      );
      assert.equal(tz.details[0].in, 'body');
      await refused(
        call('POST', `${A()}/groups`, {
          name: 'Bad',
          track: 't',
          channelId: null,
          policy: { timezone: 'Nowhere/Atlantis' },
        }),
        400,
        'REQUEST_INVALID',
        '$.policy.timezone',
      );
      await refused(
        call('PATCH', `${A()}/groups/${group.id}`, { policy: { maxUpdatesPerPeriod: 0 } }),
        400,
        'REQUEST_INVALID',
        '$.policy.maxUpdatesPerPeriod',
      );
      await refused(
        call('PATCH', `${A()}/groups/${group.id}`, { policy: { autoHalt: { threshold: 2 } } }),
        400,
        'REQUEST_INVALID',
        '$.policy.autoHalt.threshold',
      );
      await refused(
        call('POST', `${A()}/groups`, { name: 'Production', track: 'other', channelId: null }),
        409,
        'CONFLICT',
      );
      await refused(
        call('POST', `${A()}/groups`, { name: 'Other', track: 'x', channelId: 'no-such-channel' }),
        400,
        'REQUEST_INVALID',
        '$.channelId',
      );
      await refused(
        call('POST', `${A()}/groups`, { name: 'Other', track: 'x' }),
        400,
        'REQUEST_INVALID',
        '$.channelId',
      );
      const spare = await ok('POST', `${A()}/groups`, { name: 'Spare', track: 'spare', channelId: beta.id }, 201);
      assert.deepEqual(
        (await ok('GET', `${A()}/groups`)).items.map((g: { name: string }) => g.name),
        ['Production', 'Spare'],
      );
      assert.equal((await ok('GET', `${A()}/groups/${spare.id}`)).track, 'spare');
      assert.equal((await call('DELETE', `${A()}/groups/${spare.id}`)).status, 204);
      await refused(call('GET', `${A()}/groups/${spare.id}`), 404, 'NOT_FOUND');
      await refused(call('GET', `/api/v1/apps/${FLATCAR}/groups/${group.id}`), 404, 'NOT_FOUND');
    });

    test('instances: machines check in over Omaha, then filter by status, version and group, search, sort and page; one machine with its history and events', async () => {
      const m = (n: number) => `a${String(n).padStart(31, '0')}`;
      const rows: [number, string, string][] = [
        [1, '2.0.0', 'web-1'],
        [2, '2.0.0', 'web-2'],
        [3, '2.0.0', 'db-1'],
        [4, '2.1.0', 'db-2'],
        [5, '1.0.0', 'cache-1'],
      ];
      for (const [n, version, alias] of rows) {
        const res = await h.send('POST', '/v1/update', {
          body: check(app.id, m(n), version, 'prod', alias),
          headers: { 'content-type': 'text/xml' },
        });
        assert.equal(res.status, 200);
      }
      // max 2 per period, safe mode off: machines 1 and 2 are granted 2.1.0, 3 is held; 4 runs it; 5 is
      // offered the floor first (1.5.0) but held too.
      const list = (q: string) => ok('GET', `/api/v1/instances?appId=${app.id}&${q}`);
      const all = await list('perPage=10');
      assert.equal(all.total, 5);
      const by = (items: { instance: { id: string } }[]) => items.map((r) => r.instance.id);
      assert.deepEqual(by((await list('status=granted&sort=id')).items), [m(1), m(2)]);
      assert.deepEqual(by((await list('status=onhold&sort=id')).items), [m(3), m(5)]);
      assert.deepEqual(by((await list('version=2.0.0&sort=alias')).items), [m(3), m(1), m(2)]);
      assert.deepEqual(by((await list(`groupId=${group.id}&version=2.1.0`)).items), [m(4)]);
      assert.deepEqual(by((await list('search=DB-&sort=alias&order=desc')).items), [m(4), m(3)], 'search ignores case');
      assert.deepEqual(by((await list(`search=${m(5).slice(20)}`)).items), [m(5)], 'part of the machine id');
      const page2 = await list('sort=alias&page=2&perPage=2');
      assert.deepEqual([page2.total, page2.page, page2.perPage, by(page2.items)], [5, 2, 2, [m(4), m(1)]]);
      assert.deepEqual(by((await list('sort=lastCheck')).items), [m(5), m(4), m(3), m(2), m(1)], 'newest check first');
      assert.equal((await ok('GET', `/api/v1/instances?groupId=${group.id}&status=granted`)).total, 2);
      await refused(call('GET', '/api/v1/instances?status=bogus'), 400, 'REQUEST_INVALID', '$.status');
      await refused(call('GET', '/api/v1/instances?perPage=0'), 400, 'REQUEST_INVALID', '$.perPage');
      await refused(call('GET', '/api/v1/instances?sort=colour'), 400, 'REQUEST_INVALID', '$.sort');
      await refused(call('GET', '/api/v1/instances?appId=no-such-app'), 404, 'NOT_FOUND');

      // Machine 1 downloads: its history and events.
      const event = (type: number, result: number) =>
        check(app.id, m(1), '2.0.0', 'prod', 'web-1').replace(
          /<ping[^\n]*\n\s*<updatecheck><\/updatecheck>\n\s*<event[^>]*>/,
          `<event eventtype="${type}" eventresult="${result}">`,
        );
      for (const [t, r] of [
        [13, 1],
        [14, 1],
      ])
        assert.equal(
          (await h.send('POST', '/v1/update', { body: event(t!, r!), headers: { 'content-type': 'text/xml' } })).status,
          200,
        );
      const one = await ok('GET', `/api/v1/instances/${m(1)}`);
      assert.deepEqual([one.instance.id, one.instance.alias, one.instance.oem], [m(1), 'web-1', 'qemu']);
      assert.equal(one.apps.length, 1);
      assert.deepEqual(
        [one.apps[0].app.appId, one.apps[0].app.groupId, one.apps[0].app.status, one.apps[0].app.lastUpdateVersion],
        [app.id, group.id, 'downloaded', '2.1.0'],
      );
      assert.deepEqual(
        one.apps[0].statusHistory.map((s: { status: string }) => s.status),
        ['downloaded', 'downloading', 'granted'],
      );
      assert.deepEqual(
        one.apps[0].events.map((e: { type: number; result: number }) => `${e.type}/${e.result}`),
        ['14/1', '13/1'],
      );
      await refused(call('GET', '/api/v1/instances/no-such-machine'), 404, 'NOT_FOUND');
      // The app by id or product id, as everywhere else.
      for (const id of [app.id, 'IO.EXAMPLE.TESTOS'])
        assert.equal((await ok('GET', `/api/v1/instances/${m(1)}?appId=${id}`)).apps.length, 1, id);
      assert.equal((await ok('GET', `/api/v1/instances/${m(1)}?appId=${FLATCAR}`)).apps.length, 0);
      await refused(call('GET', `/api/v1/instances/${m(1)}?appId=no-such-app`), 404, 'NOT_FOUND');

      const breakdown = await ok('GET', `${A()}/groups/${group.id}/version-breakdown`);
      assert.deepEqual(breakdown.items, [
        { version: '2.0.0', instances: 3, percent: 60 },
        { version: '2.1.0', instances: 1, percent: 20 },
        { version: '1.0.0', instances: 1, percent: 20 },
      ]);
      // Over time: oldest version first; the last instant (now) is the breakdown; the first (the first machine's first check-in) counts that machine only.
      const history = await ok('GET', `${A()}/groups/${group.id}/version-history?points=3`);
      assert.deepEqual(history.versions, ['1.0.0', '2.0.0', '2.1.0']);
      assert.equal(history.points.length, 3);
      assert.deepEqual(history.points[2].counts, [1, 3, 1]);
      assert.equal(
        history.points[0].counts.reduce((a: number, b: number) => a + b, 0),
        1,
      );
      assert.equal(history.points[2].at, h.clock.now().toISOString());
      // Statuses now: as the machine list counts them.
      const nowStatuses = Object.fromEntries(
        history.statuses.map((st: string, i: number) => [st, history.points[2].statusCounts[i]]),
      );
      for (const st of ['granted', 'onhold', 'downloaded'])
        assert.equal(
          nowStatuses[st] ?? 0,
          (await ok('GET', `/api/v1/instances?groupId=${group.id}&status=${st}`)).total,
          st,
        );
      assert.equal(
        history.points[2].statusCounts.reduce((a: number, b: number) => a + b, 0),
        5,
      );
      const before = await ok(
        'GET',
        `${A()}/groups/${group.id}/version-history?to=2000-01-01T00:00:00Z&from=1999-12-31T00:00:00Z&points=2`,
      );
      assert.deepEqual(
        before,
        {
          versions: [],
          statuses: [],
          points: [
            { at: '1999-12-31T00:00:00.000Z', counts: [], statusCounts: [] },
            { at: '2000-01-01T00:00:00.000Z', counts: [], statusCounts: [] },
          ],
        },
        'no machine before its first check-in',
      );
      await refused(
        call('GET', `${A()}/groups/${group.id}/version-history?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z`),
        400,
        'REQUEST_INVALID',
        '$.from',
      );
      await refused(
        call('GET', `${A()}/groups/${group.id}/version-history?points=1`),
        400,
        'REQUEST_INVALID',
        '$.points',
      );
    });

    test('rollout: state, halt and resume (with activity), pin with allowDowngrade, staged percent, bad input', async () => {
      const R = `${A()}/groups/${group.id}/rollout`;
      const state = await ok('GET', R);
      assert.deepEqual([state.targetVersion, state.stagedPercentNow, state.group.id], ['2.1.0', 100, group.id]);
      assert.deepEqual(state.stats, { grantedInPeriod: 2, inProgress: 2, timedOut: 0, attemptedCurrent: 0 });
      assert.deepEqual(state.haltSample, { granted: 2, failed: 0, rolledBack: 0 });
      const halted = await ok('POST', `${R}/halt`, { reason: 'bad kernel' });
      assert.equal(halted.rollout.halted.reason, 'bad kernel');
      assert.equal(
        (await ok('POST', `${R}/halt`, {})).rollout.halted.reason,
        'bad kernel',
        'halting again changes nothing',
      );
      assert.equal((await ok('POST', `${R}/resume`)).rollout.halted, null);
      const log = (await ok('GET', `/api/v1/activity?groupId=${group.id}`)).items.map(
        (a: { className: string }) => a.className,
      );
      assert.deepEqual(log.slice(0, 2), ['rollout-resumed', 'rollout-halted']);
      const pinned = await ok('PUT', `${R}/pin`, { packageId: older.id, allowDowngrade: true });
      assert.deepEqual(pinned.policy.pin, { packageId: older.id, allowDowngrade: true });
      assert.equal((await ok('GET', R)).targetVersion, '1.5.0');
      assert.deepEqual((await ok('PUT', `${R}/pin`, { packageId: hosted.id })).policy.pin, {
        packageId: hosted.id,
        allowDowngrade: false,
      });
      await refused(call('PUT', `${R}/pin`, { packageId: 'no-such-package' }), 404, 'NOT_FOUND');
      await refused(call('PUT', `${R}/pin`, { allowDowngrade: true }), 400, 'REQUEST_INVALID', '$.packageId');
      assert.equal((await ok('DELETE', `${R}/pin`)).policy.pin, null);
      const staged = await ok('PUT', `${R}/staged`, { percent: 25 });
      assert.deepEqual(staged.policy.staged, { percent: 25, schedule: null });
      assert.equal((await ok('GET', R)).stagedPercentNow, 25);
      const startAt = new Date(h.clock.t).toISOString();
      const ramp = await ok('PUT', `${R}/staged`, { percent: 10, durationSeconds: 3600, startAt });
      assert.deepEqual(ramp.policy.staged, { percent: 10, schedule: { startAt, durationSeconds: 3600 } });
      h.clock.advance(1800);
      const now = (await ok('GET', R)).stagedPercentNow;
      assert.ok(now > 50 && now < 60, `half way up from 10: ${now}`);
      await refused(call('PUT', `${R}/staged`, { percent: 101 }), 400, 'REQUEST_INVALID', '$.percent');
      await refused(
        call('PUT', `${R}/staged`, { percent: 50, startAt: 'tomorrow', durationSeconds: 60 }),
        400,
        'REQUEST_INVALID',
        '$.startAt',
      );
      const classes = (await ok('GET', `/api/v1/activity?groupId=${group.id}&perPage=100`)).items.map(
        (a: { className: string }) => a.className,
      );
      for (const c of ['group-pinned', 'staged-percent-changed']) assert.ok(classes.includes(c), c);
      await refused(call('GET', `${A()}/groups/no-such-group/rollout`), 404, 'NOT_FOUND');
    });

    test('activity: filter by app, group, severity, version and time; page', async () => {
      const all = await ok('GET', `/api/v1/activity?appId=${app.id}&perPage=100`);
      assert.ok(all.total >= 8, String(all.total));
      const times = all.items.map((a: { createdAt: string }) => a.createdAt);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      const page = await ok('GET', `/api/v1/activity?appId=${app.id}&page=2&perPage=3`);
      assert.deepEqual([page.total, page.page, page.perPage], [all.total, 2, 3]);
      assert.deepEqual(
        page.items.map((a: { id: string }) => a.id),
        all.items.slice(3, 6).map((a: { id: string }) => a.id),
      );
      const info = await ok('GET', `/api/v1/activity?appId=${app.id}&severity=info&perPage=100`);
      assert.ok(
        info.items.length > 0 &&
          info.items.every(
            (a: { severityName: string; severity: number }) => a.severityName === 'info' && a.severity === 2,
          ),
      );
      const pinned = await ok('GET', `/api/v1/activity?appId=${app.id}&class=group-pinned&perPage=100`);
      assert.ok(
        pinned.items.length > 0 && pinned.items.every((a: { className: string }) => a.className === 'group-pinned'),
      );
      await refused(call('GET', `/api/v1/activity?class=no-such-class`), 400, 'REQUEST_INVALID', '$.class');
      const v = await ok('GET', `/api/v1/activity?version=2.1.0&appId=${app.id}`);
      assert.ok(v.items.length > 0 && v.items.every((a: { version: string }) => a.version === '2.1.0'));
      const mid = all.items[Math.floor(all.items.length / 2)].createdAt;
      const since = await ok('GET', `/api/v1/activity?appId=${app.id}&from=${encodeURIComponent(mid)}&perPage=100`);
      assert.ok(since.items.length > 0 && since.items.every((a: { createdAt: string }) => a.createdAt >= mid));
      const until = await ok('GET', `/api/v1/activity?appId=${app.id}&to=${encodeURIComponent(mid)}&perPage=100`);
      assert.equal(since.total + until.total, all.total);
      assert.equal((await ok('GET', `/api/v1/activity?appId=${FLATCAR}`)).total, 0);
      assert.equal(
        (await ok('GET', '/api/v1/activity?appId=io.example.testos')).total,
        all.total,
        'the app by its product id',
      );
      await refused(call('GET', '/api/v1/activity?appId=no-such-app'), 404, 'NOT_FOUND');
      await refused(call('GET', '/api/v1/activity?severity=loud'), 400, 'REQUEST_INVALID', '$.severity');
      await refused(call('GET', '/api/v1/activity?from=yesterday'), 400, 'REQUEST_INVALID', '$.from');
      await refused(call('GET', '/api/v1/activity?page=0'), 400, 'REQUEST_INVALID', '$.page');
    });

    test('access: no token 401, a viewer reads (200) but may not write (403)', async () => {
      const reads = [
        '/api/v1/apps',
        `${A()}/packages`,
        `${A()}/channels`,
        `${A()}/groups`,
        `${A()}/groups/${group.id}/rollout`,
        `${A()}/groups/${group.id}/version-breakdown`,
        `${A()}/groups/${group.id}/version-history`,
        '/api/v1/instances',
        '/api/v1/activity',
      ];
      for (const url of reads) {
        await refused(h.send('GET', url), 401, 'UNAUTHORIZED');
        assert.equal((await call('GET', url, undefined, h.viewer)).status, 200, url);
      }
      const writes: [string, string, unknown][] = [
        ['POST', '/api/v1/apps', { name: 'v' }],
        ['PATCH', A(), { description: 'v' }],
        ['DELETE', A(), undefined],
        ['POST', `${A()}/channels`, { name: 'v', arch: 'amd64' }],
        ['PATCH', `${A()}/groups/${group.id}`, { description: 'v' }],
        ['POST', `${A()}/groups/${group.id}/rollout/halt`, {}],
        ['PUT', `${A()}/groups/${group.id}/rollout/staged`, { percent: 1 }],
        ['DELETE', `${A()}/packages/${external.id}`, undefined],
      ];
      for (const [method, url, json] of writes) {
        await refused(h.send(method, url, json === undefined ? {} : { json }), 401, 'UNAUTHORIZED');
        await refused(call(method, url, json, h.viewer), 403, 'FORBIDDEN');
      }
      assert.equal((await ok('GET', A())).description, 'changed', 'nothing was changed');
    });

    test('deletes in use are 409 CONFLICT; once freed they go (204)', async () => {
      await refused(call('DELETE', `${A()}/packages/${hosted.id}`), 409, 'CONFLICT');
      await refused(call('DELETE', `${A()}/packages/${older.id}`), 409, 'CONFLICT');
      await refused(call('DELETE', `${A()}/channels/${stable.id}`), 409, 'CONFLICT');
      assert.equal((await call('DELETE', `${A()}/packages/${external.id}`)).status, 204);
      await refused(call('GET', `${A()}/packages/${external.id}`), 404, 'NOT_FOUND');
      assert.equal((await call('DELETE', `${A()}/groups/${group.id}`)).status, 204);
      assert.equal((await call('PATCH', `${A()}/channels/${stable.id}`, { packageId: null })).status, 200);
      assert.equal((await call('DELETE', `${A()}/packages/${hosted.id}`)).status, 204);
      assert.equal(
        (await h.send('GET', `/packages/${hosted.id}/payload.bin`)).status,
        404,
        'the hosted file went with its package',
      );
    });

    test('the OpenAPI document lists the update routes with their schemas', async () => {
      const doc = (await h.send('GET', '/api/v1/openapi.json')).json;
      const ops: [string, string][] = [
        ['/api/v1/apps', 'get'],
        ['/api/v1/apps', 'post'],
        ['/api/v1/apps/{appId}', 'patch'],
        ['/api/v1/apps/{appId}/packages', 'post'],
        ['/api/v1/apps/{appId}/packages/upload', 'post'],
        ['/api/v1/apps/{appId}/packages/{packageId}', 'patch'],
        ['/api/v1/apps/{appId}/channels/{channelId}', 'patch'],
        ['/api/v1/apps/{appId}/channels/{channelId}/floors/{packageId}', 'put'],
        ['/api/v1/apps/{appId}/groups', 'post'],
        ['/api/v1/apps/{appId}/groups/{groupId}', 'patch'],
        ['/api/v1/apps/{appId}/groups/{groupId}/version-breakdown', 'get'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout', 'get'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout/halt', 'post'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout/resume', 'post'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout/pin', 'put'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout/pin', 'delete'],
        ['/api/v1/apps/{appId}/groups/{groupId}/rollout/staged', 'put'],
        ['/api/v1/instances', 'get'],
        ['/api/v1/instances/{id}', 'get'],
        ['/api/v1/activity', 'get'],
      ];
      for (const [path, method] of ops) {
        const op = doc.paths[path]?.[method];
        assert.ok(op, `${method} ${path}`);
        assert.deepEqual(op.security, [{ bearer: [] }], `${method} ${path}`);
        assert.ok(op.responses['400'] || method === 'get', `${method} ${path} documents 400`);
        assert.ok(op.responses['401'] && op.responses['403'], `${method} ${path} documents 401 and 403`);
      }
      const newPackage = doc.paths['/api/v1/apps/{appId}/packages'].post.requestBody.content['application/json'].schema;
      assert.deepEqual([...newPackage.required].sort(), [
        'arch',
        'filename',
        'sha1',
        'sha256Hex',
        'size',
        'url',
        'version',
      ]);
      const policy =
        doc.paths['/api/v1/apps/{appId}/groups/{groupId}'].patch.requestBody.content['application/json'].schema
          .properties.policy;
      assert.ok(
        policy.properties.timezone && policy.properties.staged && policy.properties.autoHalt && policy.properties.pin,
        'the policy fields',
      );
      const upload = doc.paths['/api/v1/apps/{appId}/packages/upload'].post;
      assert.deepEqual(
        upload.parameters
          .filter((p: { in: string }) => p.in === 'query')
          .map((p: { name: string }) => p.name)
          .sort(),
        ['arch', 'description', 'filename', 'version'],
      );
      const instances = doc.paths['/api/v1/instances'].get.parameters.map((p: { name: string }) => p.name);
      for (const q of ['status', 'version', 'groupId', 'search', 'sort', 'order', 'page', 'perPage'])
        assert.ok(instances.includes(q), q);
      assert.ok(
        doc.paths['/api/v1/apps/{appId}/packages'].post.responses['201'].content['application/json'].schema.properties
          .action,
      );
    });
  });
}

for (const backend of updateBackends('updateapi')) apiCases(backend);
