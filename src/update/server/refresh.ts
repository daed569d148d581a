import type { InstanceCheckIn, InstanceRow } from './repository.js';

/** How long a check-in that changes nothing may leave the stored last check as it is (Nebraska's 5 minutes). */
export const REFRESH_AFTER_MS = 5 * 60_000;

/**
 * Nebraska's rule for registering a machine (update.md §2.3 step 1): the write
 * is skipped when it would change nothing but the times and the machine's
 * last check is less than 5 minutes old. True when `known` (the stored
 * machine and its state in the app) may be used as it is: the machine is not
 * hidden, in the same group, on the same version, with the same IP, alias,
 * OEM, OEM version and aleph version (a field sent empty keeps the stored
 * one, as the write would), and last checked in [now − 5 min, now]. A last
 * check in the future (the clock went back) is written.
 */
export function isFreshCheckIn(
  known: InstanceRow | undefined,
  input: InstanceCheckIn,
  now: Date,
): known is InstanceRow {
  if (known === undefined || known.hidden) return false;
  const { instance, app } = known;
  if (app.groupId !== input.groupId || (input.version !== '' && input.version !== app.version)) return false;
  const same = (given: string, stored: string) => given === '' || given === stored;
  if (!same(input.ip, instance.ip) || !same(input.alias, instance.alias) || !same(input.oem, instance.oem))
    return false;
  if (!same(input.oemVersion, instance.oemVersion) || !same(input.alephVersion, instance.alephVersion)) return false;
  const age = now.getTime() - Date.parse(app.lastCheckAt);
  return age >= 0 && age < REFRESH_AFTER_MS;
}
