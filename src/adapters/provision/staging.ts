/**
 * Staging directories of `provision --image`: `hull-image-XXXXXX` in the
 * system's temporary directory, holding the tree the filesystems are made
 * from. Each holds an `owner` file: the pid and the start time of the run
 * that made it. A run removes its own directory when it ends, and on SIGTERM
 * or SIGINT through the CLI's signal hook; a run killed outright (SIGKILL, a
 * crash) cannot, so every run first removes the directories whose owner is no
 * longer running (a pid that is gone, or now names a process that started at
 * another time). A directory without an owner file (a run killed between
 * making it and writing the file) is removed once it is ten minutes old.
 * Only directories of the current user are touched.
 */
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getuid, kill, pid } from 'node:process';

export const STAGING_PREFIX = 'hull-image-';
const OWNER = 'owner';
const NO_OWNER_GRACE_MS = 10 * 60_000;

/** The process's start time in clock ticks since boot (/proc/PID/stat field 22); undefined without /proc. */
async function startTime(p: number): Promise<string | undefined> {
  try {
    const s = await readFile(`/proc/${p}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

async function ownerRunning(owner: string): Promise<boolean> {
  const [p, start] = owner.trim().split(' ');
  const n = Number(p);
  if (!Number.isInteger(n) || n <= 0) return false;
  try {
    kill(n, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (start) {
    const now = await startTime(n);
    if (now !== undefined && now !== start) return false; // the pid was reused
  }
  return true;
}

/** Removes the staging directories in `dir` left by runs that are no longer running; returns their paths. */
export async function removeStaleStaging(dir: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const uid = getuid?.();
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const path = join(dir, name);
    const st = await lstat(path).catch(() => undefined);
    if (!st?.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    const owner = await readFile(join(path, OWNER), 'utf8').catch(() => undefined);
    if (owner === undefined ? Date.now() - st.mtimeMs < NO_OWNER_GRACE_MS : await ownerRunning(owner)) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(path);
  }
  return removed;
}

export interface Staging {
  /** The directory itself (scratch files go here). */
  readonly dir: string;
  /** The staging root tree (mode 0755). */
  readonly root: string;
  remove(): Promise<void>;
}

/** Removes stale staging directories, then makes this run's. */
export async function makeStaging(): Promise<Staging> {
  await removeStaleStaging();
  const dir = await mkdtemp(join(tmpdir(), STAGING_PREFIX));
  await writeFile(join(dir, OWNER), `${pid} ${(await startTime(pid)) ?? ''}\n`);
  const root = join(dir, 'root');
  await mkdir(root);
  await chmod(root, 0o755);
  return { dir, root, remove: () => rm(dir, { recursive: true, force: true }) };
}
