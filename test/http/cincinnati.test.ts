import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  FLATCAR,
  STABLE_AMD64_CHANNEL,
  updateBackends,
  type Answer,
  type Backend,
  type Harness,
} from './update-harness.js';

// GET /v1/graph (the Cincinnati graph for Zincati) over HTTP, fed by the
// management API, on SQLite and PostgreSQL, in process and over a socket.

const KEY = 'org.fedoraproject.coreos';
const digest = (text: string) => ({
  sha1: createHash('sha1').update(text).digest('base64'),
  sha256Hex: createHash('sha256').update(text).digest('hex'),
});

function graphCases(backend: Backend): void {
  describe(`Cincinnati graph over HTTP: ${backend.name}`, () => {
    let h: Harness;
    const pkgs: Record<string, any> = {};
    let group: any;

    const api = async (method: string, url: string, json?: unknown, status = 200) => {
      const res = await h.send(method, url, { token: h.admin, ...(json === undefined ? {} : { json }) });
      assert.equal(res.status, status, `${method} ${url}: ${res.text}`);
      return res.json;
    };
    const graph = async (query: string): Promise<Answer> =>
      h.send('GET', `/v1/graph?${query}`, { headers: { accept: 'application/json' } });
    const ok = async (query: string) => {
      const res = await graph(query);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(res.headers['cache-control'], 'no-store');
      return res.json as {
        nodes: { version: string; payload: string; metadata: Record<string, string> }[];
        edges: [number, number][];
      };
    };
    const versions = (g: { nodes: { version: string }[] }) => g.nodes.map((n) => n.version);

    before(async () => {
      h = await backend.start();
      for (const [version, arch] of [
        ['1.0.0', 'amd64'],
        ['1.1.0', 'amd64'],
        ['1.2.0', 'amd64'],
        ['2.0.0', 'amd64'],
        ['3.0.0', 'amd64'],
        ['2.0.0', 'aarch64'],
      ]) {
        pkgs[`${version}/${arch}`] = await api(
          'POST',
          `/api/v1/apps/${FLATCAR}/packages`,
          {
            version,
            arch,
            url: `https://dl.example.com/${version}/`,
            filename: 'u.gz',
            size: 10,
            ...digest(`${version}/${arch}`),
          },
          201,
        );
      }
      await api('PATCH', `/api/v1/apps/${FLATCAR}/channels/${STABLE_AMD64_CHANNEL}`, {
        packageId: pkgs['2.0.0/amd64'].id,
      });
      await api('PUT', `/api/v1/apps/${FLATCAR}/channels/${STABLE_AMD64_CHANNEL}/floors/${pkgs['1.1.0/amd64'].id}`, {
        reason: 'mandatory',
      });
      group = await api(
        'POST',
        `/api/v1/apps/${FLATCAR}/groups`,
        { name: 'Zincati', track: 'fcos', channelId: STABLE_AMD64_CHANNEL },
        201,
      );
    });
    after(() => h?.close());

    test('a stream with several packages and a floor: nodes up to the target, oldest first; edges through the floor', async () => {
      const g = await ok('basearch=x86_64&stream=stable');
      assert.deepEqual(versions(g), ['1.0.0', '1.1.0', '1.2.0', '2.0.0']);
      g.nodes.forEach((n, i) => {
        assert.equal(n.payload, pkgs[`${n.version}/amd64`].sha256Hex);
        assert.deepEqual(n.metadata, { [`${KEY}.releases.age_index`]: String(i), [`${KEY}.scheme`]: 'checksum' });
      });
      assert.deepEqual(
        g.edges,
        [
          [0, 1],
          [1, 3],
          [2, 3],
        ],
        '1.0.0 must stop at the floor 1.1.0',
      );
      assert.deepEqual(await ok('basearch=amd64&stream=stable'), g, 'amd64 is x86_64');
      const arm = await ok('basearch=aarch64&stream=stable');
      assert.deepEqual(
        [versions(arm), arm.edges],
        [['2.0.0'], []],
        'the aarch64 channel points at nothing: its nodes, no edges',
      );
    });

    test('a staged group: the target carries the rollout keys; rollout_wariness above the share drops the edges into it', async () => {
      await api('PUT', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/staged`, { percent: 30 });
      const g = await ok('basearch=x86_64&stream=stable&group=fcos&rollout_wariness=0.1');
      assert.deepEqual(g.edges, [
        [0, 1],
        [1, 3],
        [2, 3],
      ]);
      const target = g.nodes[3]!;
      assert.equal(target.version, '2.0.0');
      assert.equal(target.metadata[`${KEY}.updates.rollout`], 'true');
      assert.equal(target.metadata[`${KEY}.updates.start_value`], '0.3');
      assert.equal(target.metadata[`${KEY}.updates.duration_minutes`], '0');
      assert.equal(
        target.metadata[`${KEY}.updates.start_epoch`],
        String(Math.floor(h.clock.t / 1000)),
        'from the time the graph was asked for',
      );
      const wary = await ok('basearch=x86_64&stream=stable&group=fcos&rollout_wariness=0.9');
      assert.deepEqual(wary.edges, [[0, 1]], 'only the edge to the floor is left');
      assert.deepEqual(
        (await ok('basearch=x86_64&stream=stable&group=fcos&rollout_wariness=7')).edges,
        [[0, 1]],
        'clamped to 1',
      );
      assert.deepEqual(
        (await ok('basearch=x86_64&stream=stable')).edges,
        [
          [0, 1],
          [1, 3],
          [2, 3],
        ],
        'without the group the channel alone decides',
      );
      await api('PUT', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/staged`, { percent: 100 });
      assert.deepEqual((await ok('basearch=x86_64&stream=stable&group=fcos&rollout_wariness=0.9')).edges, [
        [0, 1],
        [1, 3],
        [2, 3],
      ]);
    });

    test('a halted group has no edges into its target; a pin with allowDowngrade leads newer nodes back', async () => {
      await api('POST', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/halt`, { reason: 'test' });
      assert.deepEqual((await ok('basearch=x86_64&stream=stable&group=fcos')).edges, [[0, 1]]);
      await api('POST', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/resume`);
      await api('PUT', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/pin`, {
        packageId: pkgs['1.2.0/amd64'].id,
        allowDowngrade: true,
      });
      const g = await ok('basearch=x86_64&stream=stable&group=fcos');
      assert.deepEqual(versions(g), ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '3.0.0']);
      assert.deepEqual(g.edges, [
        [0, 1],
        [1, 2],
        [3, 2],
        [4, 2],
      ]);
      await api('DELETE', `/api/v1/apps/${FLATCAR}/groups/${group.id}/rollout/pin`);
    });

    test('bad parameters → 400 {kind, value}; an unknown stream or app → 404', async () => {
      const rows: [string, number, string][] = [
        ['basearch=sparc&stream=stable', 400, 'invalid_params'],
        ['stream=stable', 400, 'invalid_params'],
        ['basearch=x86_64', 400, 'invalid_params'],
        ['basearch=x86_64&stream=stable&stream=beta', 400, 'invalid_params'],
        [`basearch=x86_64&stream=${'s'.repeat(300)}`, 400, 'invalid_params'],
        ['basearch=x86_64&stream=testing-devel', 404, 'unknown_stream'],
        ['basearch=x86_64&stream=stable&app=no-such-app', 404, 'unknown_app'],
      ];
      for (const [query, status, kind] of rows) {
        const res = await graph(query);
        assert.equal(res.status, status, query);
        assert.deepEqual(Object.keys(res.json).sort(), ['kind', 'value'], query);
        assert.equal(res.json.kind, kind, query);
        assert.equal(typeof res.json.value, 'string');
      }
    });
  });
}

for (const backend of updateBackends('graph')) graphCases(backend);
