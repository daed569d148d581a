/**
 * A real `hull serve` filled with real data for the dashboard's browser tests: packages built by
 * `hull payload build` and uploaded, machines made by `hull disk create` and updated by
 * `hull agent run --once` (test/helpers/agent-machine.ts), a viewer token, reboot slots held
 * through `hull fleetlock lock` (FleetLock's protocol).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  agentOnce,
  boot,
  buildPayloadFile,
  hullOk,
  makeBaseDisk,
  makeUsrImage,
  newMachine,
  offer,
  scratch,
  uploadPackage,
  writeKeys,
  type Machine,
} from './agent-machine.js';
import { startServer, type RunningServer } from './hull.js';
import { api, FLATCAR_APP, STABLE_AMD64_GROUP } from './omaha-fleet.js';

export interface DashboardFleet {
  server: RunningServer;
  admin: string;
  viewer: string;
  /** A payload file not uploaded yet (version 1000.0.2), for the upload through the page. */
  newPayload: string;
  /** Updated to 1000.0.1 and rebooted: complete. */
  updated: { machine: Machine; id: string; alias: string };
  /** Checked once: downloaded 1000.0.1 into USR-B, not rebooted yet. */
  waiting: { machine: Machine; id: string; alias: string };
  stop(): Promise<void>;
}

const machineIdOf = (m: Machine) => readFileSync(join(m.root, 'etc/machine-id'), 'utf8').trim();

export async function startDashboardFleet(): Promise<DashboardFleet> {
  const dir = scratch('hull-dashboard-');
  const keys = writeKeys(dir);
  const usr0 = makeUsrImage(dir, '1000.0.0');
  const usr1 = makeUsrImage(dir, '1000.0.1', { health: 'exit 0\n' });
  const usr2 = makeUsrImage(dir, '1000.0.2', { health: 'exit 0\n' });
  const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data')]);
  try {
    const admin = readFileSync(join(dir, 'data/admin-token'), 'utf8').trim();
    const viewer = (
      await api<{ secret: string }>(server.url, admin, 'POST', '/api/v1/tokens', {
        role: 'viewer',
        name: 'dashboard viewer',
      })
    ).secret;
    const pkg1 = await uploadPackage(server.url, admin, '1000.0.1', buildPayloadFile(dir, usr1, keys, '1000.0.1'));
    const newPayload = buildPayloadFile(dir, usr2, keys, '1000.0.2');
    await offer(server.url, admin, pkg1);
    const base = await makeBaseDisk(dir, usr0);
    const updatedM = newMachine(dir, 'web-1', base, server.url, keys);
    const waitingM = newMachine(dir, 'web-2', base, server.url, keys);
    for (const m of [updatedM, waitingM]) {
      const r = agentOnce(m);
      if (r.status !== 0) throw new Error(`agent: ${r.status}\n${r.stdout}`);
    }
    boot(updatedM);
    const r = agentOnce(updatedM);
    if (r.status !== 0) throw new Error(`agent after the reboot: ${r.status}\n${r.stdout}`);
    // The updated machine holds a reboot slot of group "workers" (2 slots); so does a node that died.
    await api(server.url, admin, 'PUT', '/api/v1/fleetlock/groups/workers', { slots: 2 });
    hullOk(['fleetlock', 'lock', '--url', `${server.url}/`, '--group', 'workers', '--root', updatedM.root]);
    hullOk([
      'fleetlock',
      'lock',
      '--url',
      `${server.url}/`,
      '--group',
      'workers',
      '--id',
      'dead0000dead0000dead0000dead0000',
    ]);
    // The group small again, for the policy test to start from known values.
    await api(server.url, admin, 'PATCH', `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`, {
      policy: { maxUpdatesPerPeriod: 100 },
    });
    return {
      server,
      admin,
      viewer,
      newPayload,
      updated: { machine: updatedM, id: machineIdOf(updatedM), alias: 'web-1' },
      waiting: { machine: waitingM, id: machineIdOf(waitingM), alias: 'web-2' },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
