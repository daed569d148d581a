/** The plan as `hull sim check` prints it: what would be simulated, one fact per line. Pure. */
import { formatGoDuration } from '../reboot/index.js';
import type { PlanAction, PlanPolicy, ScenarioPlan } from './plan.js';

const t = (ms: number): string => `+${formatGoDuration(ms)}`;
const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;

function policyText(p: PlanPolicy): string {
  const parts: string[] = [];
  if (!p.updatesEnabled) parts.push('updates disabled');
  if (p.safeMode) parts.push('safe mode');
  if (p.officeHours) parts.push(`office hours (${p.timezone})`);
  parts.push(`at most ${p.maxUpdatesPerPeriod} per ${formatGoDuration(p.periodIntervalSeconds * 1000)}`);
  if (p.staged.percent < 100 || p.staged.schedule) {
    parts.push(
      `staged ${p.staged.percent}%${p.staged.schedule ? ` rising to 100% from ${t(p.staged.schedule.startAtMs)} over ${formatGoDuration(p.staged.schedule.durationSeconds * 1000)}` : ''}`,
    );
  }
  if (p.autoHalt.enabled)
    parts.push(
      `auto-halt at ${pct(p.autoHalt.threshold)} of ≥${p.autoHalt.minSamples} granted within ${formatGoDuration(p.autoHalt.windowSeconds * 1000)}`,
    );
  if (p.pin) parts.push(`pinned to ${p.pin.release}${p.pin.allowDowngrade ? ' (downgrade allowed)' : ''}`);
  return parts.join(', ');
}

export function actionText(a: PlanAction): string {
  switch (a.kind) {
    case 'promote':
      return `promote ${a.release} to ${a.channel}`;
    case 'halt':
      return `halt ${a.group} (${a.reason})`;
    case 'resume':
      return `resume ${a.group}`;
    case 'pin':
      return `pin ${a.group} to ${a.release}${a.allowDowngrade ? ' (downgrade allowed)' : ''}`;
    case 'unpin':
      return `unpin ${a.group}`;
  }
}

export function planSummary(plan: ScenarioPlan): string {
  const lines: string[] = [];
  lines.push(`scenario ${plan.name}: ok`);
  if (plan.description) lines.push(`  ${plan.description.trim().split('\n')[0]}`);
  lines.push(
    `clock: ${plan.start} for ${formatGoDuration(plan.durationMs)} (virtual)${plan.seed === null ? '' : `, seed ${plan.seed}`}`,
  );
  lines.push(
    `releases: ${plan.releases.map((r) => `${r.version} (${r.outcome === 'fails-on-share' ? `fails on ${pct(r.failShare)}` : r.outcome})`).join(', ')}`,
  );
  lines.push(`channels: ${plan.channels.map((c) => `${c.name} → ${c.release ?? 'nothing'}`).join(', ')}`);
  lines.push('groups:');
  for (const g of plan.groups) {
    const n = plan.fleet.find((f) => f.group === g.name)?.machines ?? 0;
    lines.push(`  ${g.name}: channel ${g.channel}, ${n} machine${n === 1 ? '' : 's'}; ${policyText(g.policy)}`);
  }
  lines.push(`fleet: ${plan.machines} machine${plan.machines === 1 ? '' : 's'}`);
  for (const f of plan.fleet) {
    const extra: string[] = [];
    if (f.window) extra.push(`window ${f.window.start} for ${f.window.length}`);
    if (f.neverReboots > 0) extra.push(`${f.neverReboots} never reboot${f.neverReboots === 1 ? 's' : ''}`);
    if (f.flakyNetwork && f.flakyNetwork.machines > 0)
      extra.push(`${f.flakyNetwork.machines} on a flaky network (${pct(f.flakyNetwork.dropRate)} dropped)`);
    lines.push(
      `  ${f.group}: ${f.machines} from ${f.version}, strategy ${f.strategy}${extra.length ? `; ${extra.join(', ')}` : ''}`,
    );
  }
  lines.push(`lock: ${plan.lock ? `${plan.lock.kind}, max ${plan.lock.max}` : 'none'}`);
  lines.push(plan.events.length === 0 ? 'events: none' : 'events:');
  for (const e of plan.events) lines.push(`  ${t(e.atMs)} ${actionText(e.action)}`);
  const ex: string[] = [];
  for (const [g, v] of Object.entries(plan.expect.finalVersions)) ex.push(`${g} ends on ${v}`);
  if (plan.expect.maxParallelReboots !== null) ex.push(`at most ${plan.expect.maxParallelReboots} rebooting at once`);
  for (const [g, h] of Object.entries(plan.expect.haltedBy))
    ex.push(h === 'none' ? `${g} not halted` : `${g} halted by ${h}`);
  lines.push(`expect: ${ex.length === 0 ? 'nothing' : ex.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
