/**
 * The reboot manager wired for a machine: config from update.conf values
 * (`rebootConfigFrom`), the etcd v2 semaphore for `etcd-lock`, a FleetLock
 * server for `fleetlock` (Zincati's node id from the machine id), real time, and
 * coordinator.conf written to `<root>/run/update-engine/coordinator.conf`
 * (atomically, mode 0644). The update agent calls this factory.
 */
import { join } from 'node:path';
import { AppError, systemClock, type Clock, type Logger } from '../../core/index.js';
import {
  rebootConfigFrom,
  semaphoreKey,
  createRebootManager,
  etcdLockPort,
  type RebootManager,
  RebootLock,
  zincatiNodeId,
} from '../../reboot/index.js';
import type { KvStore, Sleep } from '../../reboot/index.js';
import { EtcdV2KvStore } from '../etcd/index.js';
import { fleetLockPort } from './fleetlock-client.js';
import { writeAtomic } from './write-atomic.js';

export const COORDINATOR_CONF = 'run/update-engine/coordinator.conf';

/** A sleep that rejects with the signal's reason when it aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function coordinatorFileWriter(root: string): (text: string) => Promise<void> {
  const path = join(root, COORDINATOR_CONF);
  return (text) => writeAtomic(path, text, { mode: 0o644, durable: false });
}

export interface MachineRebootOptions {
  /** The merged update.conf values (first file wins), as for update_engine. */
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly machineId: string;
  /** The machine's root (`/`, or a simulated machine's ROOT). */
  readonly root: string;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  /** Instead of etcd over HTTP (tests). */
  readonly kv?: KvStore;
}

export function machineRebootManager(opts: MachineRebootOptions): RebootManager {
  const r = rebootConfigFrom(opts.values);
  if (!r.ok) throw new AppError('REBOOT_CONFIG_INVALID', `${r.key}: ${r.message}`);
  const { strategy, window, etcd, fleetlock } = r.config;
  let lock;
  if (strategy === 'fleetlock') {
    let id: Promise<string> | undefined;
    lock = fleetLockPort(fleetlock.url!, fleetlock.group, () => (id ??= zincatiNodeId(opts.machineId)));
  }
  if (strategy === 'etcd-lock') {
    if (opts.machineId === '')
      throw new AppError('REBOOT_CONFIG_INVALID', 'REBOOT_STRATEGY=etcd-lock: cannot read machine-id');
    const kv =
      opts.kv ??
      new EtcdV2KvStore({
        endpoints: etcd.endpoints,
        ...(etcd.caFile !== undefined ? { caFile: etcd.caFile } : {}),
        ...(etcd.certFile !== undefined ? { certFile: etcd.certFile } : {}),
        ...(etcd.keyFile !== undefined ? { keyFile: etcd.keyFile } : {}),
        ...(etcd.username !== undefined ? { username: etcd.username } : {}),
        ...(etcd.password !== undefined ? { password: etcd.password } : {}),
      });
    lock = etcdLockPort(new RebootLock(kv, semaphoreKey(etcd.group)), opts.machineId);
  }
  return createRebootManager({
    strategy,
    window,
    clock: opts.clock ?? systemClock,
    sleep: opts.sleep ?? realSleep,
    ...(lock !== undefined ? { lock } : {}),
    coordinator: coordinatorFileWriter(opts.root),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });
}
