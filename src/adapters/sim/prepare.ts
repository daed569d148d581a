/**
 * The files of a run, under its output directory: `work/usr-V.img` (one ext2
 * /usr per release), `work/payload-V.gz` (one payload per release, built
 * once), `machines/NAME.img` (one sparse disk per machine). Returns what the
 * run's ports need.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineSpec, ScenarioPlan } from '../../sim/index.js';
import { deriveSeed, mulberry32 } from '../../sim/index.js';
import { makeBaseDisk, makeUsrImage, writeMachineImage } from './images.js';
import { buildSimPayload, simKeys } from './payloads.js';
import { machineImages, type MachineImages } from './slot-files.js';

export interface PreparedFleet {
  readonly payloads: ReadonlyArray<{ version: string; bytes: Uint8Array }>;
  readonly publicKeyPem: string;
  readonly images: MachineImages;
  readonly imagePath: (index: number) => string;
  readonly usrImage: (version: string) => string;
}

export async function prepareFleet(
  dir: string,
  plan: ScenarioPlan,
  specs: readonly MachineSpec[],
  seed: number,
  step: (what: string) => void,
): Promise<PreparedFleet> {
  const work = join(dir, 'work');
  const machinesDir = join(dir, 'machines');
  await mkdir(work, { recursive: true });
  await mkdir(machinesDir, { recursive: true });
  const usr = new Map<string, string>();
  step(`making ${plan.releases.length} /usr images`);
  for (const r of plan.releases) usr.set(r.version, await makeUsrImage(work, r.version));
  const keys = simKeys();
  const payloads: Array<{ version: string; bytes: Uint8Array }> = [];
  for (const r of plan.releases) {
    step(`building the payload of ${r.version}`);
    payloads.push({ version: r.version, bytes: await buildSimPayload(work, r.version, usr.get(r.version)!, keys) });
  }
  // The GPT's random GUIDs come from the seed, so the disks are the same from run to run.
  const random = mulberry32(deriveSeed(seed, 0, 9));
  const rnd = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const bases = new Map<string, Awaited<ReturnType<typeof makeBaseDisk>>>();
  for (const f of plan.fleet)
    if (!bases.has(f.version)) bases.set(f.version, await makeBaseDisk(work, f.version, usr.get(f.version)!, rnd));
  const imagePath = (i: number): string => join(machinesDir, `${specs[i]!.name}.img`);
  for (const s of specs) {
    if (s.index % 100 === 0) step(`making machine images (${s.index} of ${specs.length})`);
    await writeMachineImage(imagePath(s.index), bases.get(s.fleet.version)!);
  }
  return {
    payloads,
    publicKeyPem: keys.publicPem,
    images: machineImages(imagePath),
    imagePath,
    usrImage: (v) => usr.get(v)!,
  };
}
