// The policy form's values and their checks, with the server's bounds (src/update/server/policy-bounds.ts).
import { isTimeZone } from '../../../src/update/server/office-hours.js';
import { POLICY_BOUNDS as B } from '../../../src/update/server/policy-bounds.js';
import type { Policy } from './types.js';

export interface PolicyDraft {
  updatesEnabled: boolean;
  safeMode: boolean;
  officeHours: boolean;
  timezone: string;
  periodIntervalSeconds: string;
  maxUpdatesPerPeriod: string;
  updateTimeoutSeconds: string;
  stagedPercent: string;
  autoHaltEnabled: boolean;
  autoHaltWindowSeconds: string;
  autoHaltThreshold: string;
  autoHaltMinSamples: string;
}

export const draftOf = (p: Policy): PolicyDraft => ({
  updatesEnabled: p.updatesEnabled,
  safeMode: p.safeMode,
  officeHours: p.officeHours,
  timezone: p.timezone,
  periodIntervalSeconds: String(p.periodIntervalSeconds),
  maxUpdatesPerPeriod: String(p.maxUpdatesPerPeriod),
  updateTimeoutSeconds: String(p.updateTimeoutSeconds),
  stagedPercent: String(p.staged.percent),
  autoHaltEnabled: p.autoHalt.enabled,
  autoHaltWindowSeconds: String(p.autoHalt.windowSeconds),
  autoHaltThreshold: String(p.autoHalt.threshold),
  autoHaltMinSamples: String(p.autoHalt.minSamples),
});

function number(text: string, bounds: { minimum: number; maximum: number }, integer: boolean): string | undefined {
  if (text.trim() === '') return 'required';
  const n = Number(text);
  if (!Number.isFinite(n)) return 'not a number';
  if (integer && !Number.isInteger(n)) return 'a whole number';
  if (n < bounds.minimum) return `at least ${bounds.minimum}`;
  if (n > bounds.maximum) return `at most ${bounds.maximum.toLocaleString('en')}`;
  return undefined;
}

/** The message per field that is wrong now. */
export function checkDraft(d: PolicyDraft): Partial<Record<keyof PolicyDraft, string>> {
  const e: Partial<Record<keyof PolicyDraft, string>> = {};
  const set = (k: keyof PolicyDraft, m: string | undefined) => {
    if (m !== undefined) e[k] = m;
  };
  if (d.timezone.length < B.timezone.minLength || d.timezone.length > B.timezone.maxLength)
    e.timezone = `${B.timezone.minLength}–${B.timezone.maxLength} characters`;
  else if (!isTimeZone(d.timezone)) e.timezone = 'not an IANA time zone (e.g. Europe/Berlin, UTC)';
  set('periodIntervalSeconds', number(d.periodIntervalSeconds, B.periodIntervalSeconds, true));
  set('maxUpdatesPerPeriod', number(d.maxUpdatesPerPeriod, B.maxUpdatesPerPeriod, true));
  set('updateTimeoutSeconds', number(d.updateTimeoutSeconds, B.updateTimeoutSeconds, true));
  set('stagedPercent', number(d.stagedPercent, B.stagedPercent, false));
  set('autoHaltWindowSeconds', number(d.autoHaltWindowSeconds, B.autoHaltWindowSeconds, true));
  set('autoHaltThreshold', number(d.autoHaltThreshold, B.autoHaltThreshold, false));
  set('autoHaltMinSamples', number(d.autoHaltMinSamples, B.autoHaltMinSamples, true));
  return e;
}

/** The PATCH body's policy (only what the form edits; the staged schedule kept). */
export const patchOf = (d: PolicyDraft, p: Policy) => ({
  updatesEnabled: d.updatesEnabled,
  safeMode: d.safeMode,
  officeHours: d.officeHours,
  timezone: d.timezone,
  periodIntervalSeconds: Number(d.periodIntervalSeconds),
  maxUpdatesPerPeriod: Number(d.maxUpdatesPerPeriod),
  updateTimeoutSeconds: Number(d.updateTimeoutSeconds),
  staged: { percent: Number(d.stagedPercent), schedule: p.staged.schedule },
  autoHalt: {
    enabled: d.autoHaltEnabled,
    windowSeconds: Number(d.autoHaltWindowSeconds),
    threshold: Number(d.autoHaltThreshold),
    minSamples: Number(d.autoHaltMinSamples),
  },
});
