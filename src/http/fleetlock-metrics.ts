import { Counter, Gauge, type Registry } from 'prom-client';
import type { FleetLockGroups } from '../reboot/fleetlock/groups.js';
import type { FleetLockService } from '../reboot/fleetlock/service.js';

/** The FleetLock server's metrics on /metrics (docs/reboot.md#metrics). */
export interface FleetLockMetrics {
  count(op: 'lock' | 'unlock', outcome: string): void;
}

export function createFleetLockMetrics(registry: Registry, groups: FleetLockGroups, service: FleetLockService): FleetLockMetrics {
  const requests = new Counter({
    name: 'hull_fleetlock_requests_total',
    help: 'FleetLock requests answered, by operation (lock: pre-reboot, unlock: steady-state) and outcome (ok or the error kind).',
    labelNames: ['op', 'outcome'] as const,
    registers: [registry],
  });
  const slots = new Gauge({ name: 'hull_fleetlock_slots', help: 'Slots of each configured FleetLock group.', labelNames: ['group'] as const, registers: [registry] });
  const holders = new Gauge({ name: 'hull_fleetlock_holders', help: 'Machines holding a slot, by group.', labelNames: ['group'] as const, registers: [registry] });
  const holder = new Gauge({ name: 'hull_fleetlock_holder', help: 'One series per machine holding a slot (value 1), by group and node id.', labelNames: ['group', 'id'] as const, registers: [registry] });
  // One read per scrape feeds all three gauges (the first gauge collected does it).
  let reading: Promise<void> | undefined;
  const read = () => {
    reading ??= (async () => {
      slots.reset();
      holders.reset();
      holder.reset();
      for (const g of await groups.list()) {
        slots.set({ group: g.name }, g.slots);
        const s = await service.holders(g.name).catch(() => undefined);
        holders.set({ group: g.name }, s?.holders.length ?? 0);
        for (const id of s?.holders ?? []) holder.set({ group: g.name, id }, 1);
      }
    })().finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  for (const g of [slots, holders, holder]) (g as unknown as { collect: () => Promise<void> }).collect = read;
  return { count: (op, outcome) => requests.inc({ op, outcome }) };
}
