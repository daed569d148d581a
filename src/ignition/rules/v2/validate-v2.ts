import type { JsonPath, Report } from '../../../core/index.js';
import { checkConfig } from './config-rules.js';
import { checkDisks } from './disks.js';
import type { V2Features } from './features.js';
import { checkFilesystems } from './filesystems.js';
import { checkIgnition } from './ignition-section.js';
import { checkNetworkd } from './networkd.js';
import { checkPasswd } from './passwd.js';
import { checkRaid } from './raid.js';
import type { V2Config } from './shape.js';
import { checkDirectories, checkFiles, checkLinks } from './storage-nodes.js';
import { checkSystemd } from './systemd.js';
import { V2Walk } from './walker.js';

type Step = (w: V2Walk) => void;

/**
 * Storage in Go struct order: directories, disks, files, filesystems, links, raid (2.0: disks, raid, filesystems, files).
 * Ignition does not walk into a struct whose own Validate reported an error.
 */
const storage: Step = (w) =>
  (w.f.fieldValidators
    ? [checkDirectories, checkDisks, checkFiles, checkFilesystems, checkLinks, checkRaid]
    : [checkDisks, checkRaid, checkFilesystems, checkFiles]
  ).forEach((step) => step(w));

/** Config.Validate, then the Config fields in Go order (2.0: ignition, storage, systemd, networkd, passwd). */
const STEPS_V21: readonly Step[] = [checkConfig, checkIgnition, checkNetworkd, checkPasswd, storage, checkSystemd];
const STEPS_V20: readonly Step[] = [checkConfig, checkIgnition, storage, checkSystemd, checkNetworkd, checkPasswd];

/**
 * The semantic rules of a 2.x spec version over a decoded config (what
 * Ignition v0.35.0's reflection walker runs: each struct's Validate and
 * ValidateX methods, a struct before its fields). Deprecations (2.3
 * partition size/start) are warnings here; ign-converter refuses them.
 */
export function validateV2(cfg: V2Config, f: V2Features): Report {
  return validateV2Detailed(cfg, f).report;
}

/** The rules' report, and the structs whose own Validate failed (Ignition walks no further into them). */
export interface V2Outcome {
  readonly report: Report;
  readonly blocked: readonly JsonPath[];
}

export function validateV2Detailed(cfg: V2Config, f: V2Features): V2Outcome {
  const w = new V2Walk(cfg, f);
  for (const step of f.fieldValidators ? STEPS_V21 : STEPS_V20) step(w);
  return { report: w.report(), blocked: w.blocked };
}
