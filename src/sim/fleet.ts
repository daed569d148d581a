/**
 * The simulated fleet of a plan: one entry per machine, in group order, with
 * its name, machine id and failure injections. `--hosts N` scales every
 * group's count in proportion (each group keeps at least one machine; the
 * largest remainders get the rest) and the injections with it.
 */
import type { PlanFleetGroup, ScenarioPlan } from './plan.js';
import { simMachineId, type MachineSpec } from './machine.js';

export function groupCounts(plan: ScenarioPlan, hosts: number | undefined): number[] {
  const counts = plan.fleet.map((f) => f.machines);
  if (hosts === undefined || hosts === plan.machines) return counts;
  const total = plan.machines;
  const exact = counts.map((c) => (c * hosts) / total);
  const out = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = hosts - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  return out;
}

/** An injection's count scaled like its group (at most the group). */
function scaled(n: number, from: number, to: number): number {
  if (n === 0) return 0;
  return Math.min(to, Math.max(1, Math.round((n * to) / from)));
}

export function fleetOf(plan: ScenarioPlan, seed: number, hosts?: number): MachineSpec[] {
  const counts = groupCounts(plan, hosts);
  const out: MachineSpec[] = [];
  plan.fleet.forEach((f: PlanFleetGroup, g) => {
    const n = counts[g]!;
    const never = scaled(f.neverReboots, f.machines, n);
    const flaky = f.flakyNetwork ? scaled(f.flakyNetwork.machines, f.machines, n) : 0;
    for (let k = 0; k < n; k++) {
      const index = out.length;
      out.push({
        index,
        name: `${f.group}-${String(k + 1).padStart(String(n).length, '0')}`,
        machineId: simMachineId(seed, index),
        fleet: f,
        // The last machines of the group carry the injections (never-reboot first, then the flaky ones).
        neverReboots: k >= n - never,
        dropRate: f.flakyNetwork && k >= n - never - flaky && k < n - never ? f.flakyNetwork.dropRate : 0,
      });
    }
  });
  return out;
}
