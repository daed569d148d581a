/**
 * `hull host boot`: the simulated boot of a Flatcar-layout image (docs/host.md).
 * GRUB's gptprio.next picks the USR slot (a try is consumed and the GPT
 * written back, both copies); the slot's release is read from its ext2
 * filesystem; the optional health script runs; the simulated machine's ROOT
 * gets a fresh `run/` and `run/hull/boot.json`. Pure over its ports: the
 * device, an ext2 file reader, the health runner and the ROOT directory.
 */
import { AppError } from '../core/index.js';
import type { BlockDevice } from './block-device.js';
import { detectFilesystem } from './fs-signature.js';
import { blockingIssues } from './gpt/recoverable.js';
import { readGpt } from './gpt/read.js';
import type { GptPartition, GptTable } from './gpt/types.js';
import { writeGpt, writeOptionsFor } from './gpt/write.js';
import { getPrio, gptprioNext, isUsr } from './prio.js';

export const RELEASE_PATH = '/share/flatcar/release';
export const UPDATE_CONF_PATH = '/share/flatcar/update.conf';
export const HEALTH_PATH = '/share/flatcar/health';
/** The health script's output kept in boot.json. */
export const HEALTH_OUTPUT_BYTES = 4096;

export interface HealthResult {
  /** True when the release has a health script. */
  readonly script: boolean;
  readonly ok: boolean;
  readonly exitCode?: number | null;
  /** True when the script ran past its time and was killed (then `ok` is false). */
  readonly timedOut?: boolean;
  /** The first 4 KiB of its output (stdout and stderr together). */
  readonly output?: string;
}

/** `ROOT/run/hull/boot.json`: what booted (docs/host.md). */
export interface BootRecord {
  readonly image: string;
  readonly partition: number;
  readonly slot: string;
  readonly label: string;
  readonly bootId: string;
  readonly bootedAt: string;
  readonly release: Readonly<Record<string, string>>;
  readonly updateConf: Readonly<Record<string, string>>;
  readonly health: HealthResult;
  readonly triesConsumed: boolean;
}

/** The simulated machine's directory (an adapter over ROOT). */
export interface HostRoot {
  /** Empties `run/` (creating it), as /run is empty after a reboot. */
  resetRun(): Promise<void>;
  /** Creates `etc/machine-id` (32 random hex characters) when missing. */
  ensureMachineId(): Promise<void>;
  /** Writes `run/hull/boot.json` atomically. */
  writeBootRecord(record: BootRecord): Promise<void>;
}

export interface HostBootPorts {
  readonly device: BlockDevice;
  /**
   * Reads a file of the ext2 filesystem held by bytes [offset, offset + size)
   * of the device, without mounting; `undefined` when there is no such file.
   */
  readSlotFile(offset: number, size: number, path: string): Promise<Uint8Array | undefined>;
  /** Runs the health script (its bytes) with /bin/sh. */
  runHealth(script: Uint8Array): Promise<Omit<HealthResult, 'script'>>;
  readonly root: HostRoot;
  readonly now: () => Date;
  readonly uuid: () => string;
}

export interface HostBootOptions {
  /** The image as recorded in boot.json (absolute path). */
  readonly image: string;
  /** Choose and read, but write nothing (no GPT write, no ROOT change, no health script run). */
  readonly dryRun?: boolean;
}

export interface HostBootResult {
  readonly dryRun: boolean;
  /** The record written (with --dry-run: what would be written, health not run). */
  readonly record: BootRecord;
  /** The slot's attributes before and after the boot attempt. */
  readonly before: { readonly priority: number; readonly tries: number; readonly successful: boolean };
  readonly after: { readonly priority: number; readonly tries: number; readonly successful: boolean };
  readonly gptWritten: boolean;
}

/** The slot's letter: from its label USR-A/USR-B, else 3 → A, 4 → B, else the partition number. */
export function slotLetter(p: GptPartition): string {
  const m = /^USR-([A-Z])$/.exec(p.name);
  if (m) return m[1]!;
  return p.number === 3 ? 'A' : p.number === 4 ? 'B' : String(p.number);
}

/**
 * A key=value file as Flatcar's release and update.conf are read: one pair a
 * line, `#` comments and blank lines skipped, surrounding whitespace and one
 * pair of matching quotes around the value dropped; the last value of a key wins.
 */
export function parseKeyValue(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0])
      value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/** The boot choice alone: GRUB's gptprio.next on `table`, or HOST_NOT_BOOTABLE with each slot's bits. */
export function chooseBoot(table: GptTable, image: string): NonNullable<ReturnType<typeof gptprioNext>> {
  const next = gptprioNext(table);
  if (next) return next;
  const slots = table.partitions.filter(isUsr);
  const bits = slots.map((p) => {
    const a = getPrio(p.attributes);
    return `${p.number} (${p.name || 'no label'}) priority ${a.priority} tries ${a.tries} successful ${a.successful ? 1 : 0}`;
  });
  throw new AppError(
    'HOST_NOT_BOOTABLE',
    `${image}: no bootable USR slot (GRUB's gptprio.next needs priority > 0 and tries > 0 or successful): ${bits.length > 0 ? bits.join('; ') : 'the GPT has no USR partition'}; nothing was written`,
  );
}

const decoder = new TextDecoder();

/** Boots the image once, as GRUB and the first steps of the machine would (see the file's comment). */
export async function hostBoot(ports: HostBootPorts, opts: HostBootOptions): Promise<HostBootResult> {
  const { device } = ports;
  const r = await readGpt(device);
  if (!r.table || !r.source) {
    const why = r.issues.find((i) => i.code === 'DISK_NO_VALID_GPT') ?? r.issues.find((i) => i.severity === 'error');
    throw new AppError(
      'INPUT_INVALID',
      `${opts.image} is not a GPT disk image (${why?.message ?? 'no valid GPT'}); nothing was written`,
    );
  }
  const blocking = blockingIssues(r.issues);
  if (blocking.length > 0 && !opts.dryRun) {
    throw new AppError(
      'INPUT_INVALID',
      `${opts.image}: the GPT has errors (${blocking.map((i) => `${i.code}: ${i.message}`).join('; ')}); nothing was written`,
    );
  }
  const table = r.table;
  const next = chooseBoot(table, opts.image);
  const p = next.partition;
  const ss = BigInt(table.sectorSize);
  const offset = Number(p.firstLba * ss);
  const size = Number((p.lastLba - p.firstLba + 1n) * ss);
  const what = `${opts.image} partition ${p.number} (${p.name || 'no label'})`;

  const fs = await detectFilesystem((o, l) => device.read(o, l), offset, size);
  if (fs !== 'ext4') {
    throw new AppError(
      'HOST_SLOT_UNREADABLE',
      `${what} was chosen to boot but holds ${fs ? `a ${fs} filesystem` : 'no filesystem'}, not ext2 (a USR slot is ext2: write one with hull payload apply); nothing was written`,
    );
  }
  const releaseBytes = await ports.readSlotFile(offset, size, RELEASE_PATH);
  if (releaseBytes === undefined) {
    throw new AppError(
      'HOST_RELEASE_MISSING',
      `${what} has no ${RELEASE_PATH} (/usr${RELEASE_PATH} on the machine), so its version is unknown; nothing was written`,
    );
  }
  const release = parseKeyValue(decoder.decode(releaseBytes));
  if (!release.FLATCAR_RELEASE_VERSION) {
    throw new AppError(
      'HOST_RELEASE_MISSING',
      `${what}: ${RELEASE_PATH} has no FLATCAR_RELEASE_VERSION; nothing was written`,
    );
  }
  const confBytes = await ports.readSlotFile(offset, size, UPDATE_CONF_PATH);
  const updateConf = confBytes ? parseKeyValue(decoder.decode(confBytes)) : {};
  const script = await ports.readSlotFile(offset, size, HEALTH_PATH);

  const before = getPrio(table.partitions.find((x) => x.number === p.number)!.attributes);
  const after = getPrio(p.attributes);
  const base = {
    image: opts.image,
    partition: p.number,
    slot: slotLetter(p),
    label: p.name,
    bootId: ports.uuid(),
    bootedAt: ports.now().toISOString(),
    release,
    updateConf,
  };
  if (opts.dryRun) {
    const health: HealthResult = script
      ? { script: true, ok: false, output: 'not run (--dry-run)' }
      : { script: false, ok: true };
    return { dryRun: true, record: { ...base, health, triesConsumed: next.changed }, before, after, gptWritten: false };
  }

  if (next.changed) await writeGpt(device, next.table, writeOptionsFor({ table, source: r.source }));
  await ports.root.resetRun();
  await ports.root.ensureMachineId();
  const health: HealthResult = script
    ? { script: true, ...(await ports.runHealth(script)) }
    : { script: false, ok: true };
  const record: BootRecord = { ...base, health, triesConsumed: next.changed };
  await ports.root.writeBootRecord(record);
  return { dryRun: false, record, before, after, gptWritten: next.changed };
}
