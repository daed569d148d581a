import { Counter, Gauge, type Registry } from 'prom-client';
import type { FleetLockGroups } from '../reboot/index.js';
import type { FleetLockService } from '../reboot/index.js';

/** The FleetLock server's metrics on /metrics (docs/reboot.md#metrics). */
export interface FleetLockMetrics {
  count(op: 'lock' | 'unlock', outcome: string): void;
}

export function createFleetLockMetrics(
  registry: Registry,
  groups: FleetLockGroups,
  service: FleetLockService,
): FleetLockMetrics {
  const requests = new Counter({
    name: 'hull_fleetlock_requests_total',
    help: 'FleetLock requests answered, by operation (lock: pre-reboot, unlock: steady-state) and outcome (ok or the error kind).',
    labelNames: ['op', 'outcome'] as const,
    registers: [registry],
  });
  // One read per scrape feeds all three gauges (whichever is collected first starts it; the others share it).
  let reading: Promise<void> | undefined;
  const read = (): Promise<void> => {
    reading ??= (async () => {
      const rows: Array<{ group: string; slots: number; holders: readonly string[] }> = [];
      for (const g of await groups.list()) {
        const s = await service.holders(g.name).catch(() => undefined);
        rows.push({ group: g.name, slots: g.slots, holders: s?.holders ?? [] });
      }
      slots.reset();
      holders.reset();
      holder.reset();
      for (const r of rows) {
        slots.set({ group: r.group }, r.slots);
        holders.set({ group: r.group }, r.holders.length);
        for (const id of r.holders) holder.set({ group: r.group, id }, 1);
      }
    })().finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect: read });
  const slots = gauge('hull_fleetlock_slots', 'Slots of each configured FleetLock group.', ['group'] as const);
  const holders = gauge('hull_fleetlock_holders', 'Machines holding a slot, by group.', ['group'] as const);
  const holder = gauge(
    'hull_fleetlock_holder',
    'One series per machine holding a slot (value 1), by group and node id.',
    ['group', 'id'] as const,
  );
  return { count: (op, outcome) => requests.inc({ op, outcome }) };
}
