/**
 * Up-translation 3.x → 3.(x+1), as coreos/ignition's config/v3_N/translate
 * does it (Ignition translates every older config this way before it runs,
 * without validating the result again). 3.x is backward compatible, so most
 * of each step is Go's field-by-field copy (`project`), plus what a step
 * changes:
 * - 3.0 → 3.1: ConfigReference, CaReference and FileContents become Resource
 *   (a CA's plain `source` becomes a pointer, so "" stays "");
 * - 3.2 → 3.3: raid `level` and link `target` become pointers (set even when
 *   ""); luks `clevis` and clevis `custom` become structs (a missing one is
 *   the empty struct), custom `pin`/`config` pointers;
 * - 3.5 → 3.6: the setuid/setgid/sticky bits of file and directory modes are
 *   masked out (`mode & ^07000`): older specs never applied them.
 * Every step sets `ignition.version` to the new version.
 */
import type * as v3_0 from '../v3_0/index.js';
import * as v3_1 from '../v3_1/index.js';
import * as v3_2 from '../v3_2/index.js';
import * as v3_3 from '../v3_3/index.js';
import * as v3_4 from '../v3_4/index.js';
import * as v3_5 from '../v3_5/index.js';
import * as v3_6 from '../v3_6/index.js';
import { project } from './project.js';

export function up3_0to3_1(old: v3_0.Config): v3_1.Config {
  const ret = project(v3_1.schema, old) as v3_1.Config;
  ret.ignition.version = '3.1.0';
  return ret;
}

export function up3_1to3_2(old: v3_1.Config): v3_2.Config {
  const ret = project(v3_2.schema, old) as v3_2.Config;
  ret.ignition.version = '3.2.0';
  return ret;
}

export function up3_2to3_3(old: v3_2.Config): v3_3.Config {
  const ret = project(v3_3.schema, old) as v3_3.Config;
  // util.StrToPtr(old.Level), util.StrToPtr(old.Target): set even when empty.
  ret.storage.raid.forEach((r, i) => (r.level = old.storage.raid[i]!.level));
  ret.storage.links.forEach((l, i) => (l.target = old.storage.links[i]!.target));
  ret.storage.luks.forEach((l, i) => {
    const custom = old.storage.luks[i]!.clevis?.custom;
    if (custom !== undefined) {
      l.clevis.custom.config = custom.config;
      l.clevis.custom.pin = custom.pin;
    }
  });
  ret.ignition.version = '3.3.0';
  return ret;
}

export function up3_3to3_4(old: v3_3.Config): v3_4.Config {
  const ret = project(v3_4.schema, old) as v3_4.Config;
  ret.ignition.version = '3.4.0';
  return ret;
}

export function up3_4to3_5(old: v3_4.Config): v3_5.Config {
  const ret = project(v3_5.schema, old) as v3_5.Config;
  ret.ignition.version = '3.5.0';
  return ret;
}

export function up3_5to3_6(old: v3_5.Config): v3_6.Config {
  const ret = project(v3_6.schema, old) as v3_6.Config;
  for (const node of [...ret.storage.files, ...ret.storage.directories]) {
    if (node.mode !== undefined) node.mode = maskSpecialBits(node.mode);
  }
  ret.ignition.version = '3.6.0';
  return ret;
}

/** Go's `mode & ^07000` on an int64. */
export function maskSpecialBits(mode: number): number {
  return Number.isSafeInteger(mode) ? Number(BigInt(mode) & ~0o7000n) : mode;
}

/** The schemas of 3.1 to 3.6 by minor version (3.0's is never a target). */
const TARGET_SCHEMAS = [undefined, v3_1.schema, v3_2.schema, v3_3.schema, v3_4.schema, v3_5.schema, v3_6.schema];

/**
 * The config of spec 3.`from` up-translated to 3.`to`, as the steps one by
 * one would make it, with fewer copies: every step but 3.2 → 3.3 is Go's
 * field copy onto the next schema (`project`), and 3.x schemas only add
 * fields, so copying onto 3.(x+1) and then onto 3.(x+2) gives what copying
 * once onto 3.(x+2) gives (a field 3.(x+1) adds is a zero value either
 * way). A run of such steps is one projection onto the run's last schema,
 * then 3.5 → 3.6's mode mask when the run passes it. 3.2 → 3.3 reads the
 * old config's values, so it stays a step of its own. A 3.3 config
 * provisioned as 3.6 is copied once, not three times
 * (translate.test.ts holds it to the steps, on the corpus and on generated configs).
 */
export function upgrade(cfg: unknown, from: number, to: number): unknown {
  let out = cfg;
  let m = from;
  while (m < to) {
    if (m === 2) {
      out = up3_2to3_3(out as v3_2.Config);
      m = 3;
      continue;
    }
    const end = m < 2 ? Math.min(to, 2) : to;
    const ret = project(TARGET_SCHEMAS[end]!, out) as { ignition: { version: string } };
    if (m <= 5 && end === 6) {
      const latest = ret as v3_6.Config;
      for (const node of [...latest.storage.files, ...latest.storage.directories]) {
        if (node.mode !== undefined) node.mode = maskSpecialBits(node.mode);
      }
    }
    ret.ignition.version = `3.${end}.0`;
    out = ret;
    m = end;
  }
  return out;
}

/** The up-steps by the minor version they start from. */
// biome-ignore lint/suspicious/noExplicitAny: each step takes its own version's config; the chain is typed at its ends
export const UP_STEPS: readonly ((cfg: any) => unknown)[] = [
  up3_0to3_1,
  up3_1to3_2,
  up3_2to3_3,
  up3_3to3_4,
  up3_4to3_5,
  up3_5to3_6,
];
