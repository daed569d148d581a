import { sql } from 'kysely';
import type { UntypedDb } from '../untyped-db.js';

/** Year 10000 in µs: later times share one partition. */
const FAR = 253402300800000000n;
const US_PER_MS = 1000n;

/** The month partition a realtime falls in: its name and range [from, to) in µs. */
export function partitionFor(realtime: bigint): { name: string; from: string; to: string } | undefined {
  if (realtime < 0n) return undefined; // journal_entries_none, made by the migration
  if (realtime >= FAR) return { name: 'journal_entries_far', from: FAR.toString(), to: 'maxvalue' };
  const d = new Date(Number(realtime / US_PER_MS));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const from = BigInt(Date.UTC(y, m, 1)) * US_PER_MS;
  const to = BigInt(Date.UTC(y, m + 1, 1)) * US_PER_MS;
  return {
    name: `journal_entries_p${String(y).padStart(4, '0')}${String(m + 1).padStart(2, '0')}`,
    from: from.toString(),
    to: to === FAR ? FAR.toString() : to.toString(),
  };
}

/**
 * PostgreSQL: creates the month partitions of journal_entries these times
 * need, each in its own statement before the append's transaction (another
 * server creating the same one at the same moment is no failure).
 */
export async function ensurePartitions(db: UntypedDb, times: readonly bigint[], known: Set<string>): Promise<void> {
  const wanted = new Map<string, { name: string; from: string; to: string }>();
  for (const t of times) {
    const p = partitionFor(t);
    if (p && !known.has(p.name)) wanted.set(p.name, p);
  }
  for (const p of wanted.values()) {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql
          .raw(
            `create table if not exists ${p.name} partition of journal_entries for values from (${p.from}) to (${p.to})`,
          )
          .execute(db);
        break;
      } catch (err) {
        if (attempt >= 2) throw err;
      }
    }
    known.add(p.name);
  }
}
