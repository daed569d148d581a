/** The file system and event-loop bits of `hull sim run` (the CLI does no IO of its own). */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setImmediate } from 'node:timers/promises';

export const resolveOut = (cwd: string, path: string): string => resolve(cwd, path);
export const pathIn = (dir: string, ...parts: string[]): string => join(dir, ...parts);
export const makeDir = async (dir: string): Promise<void> => void (await mkdir(dir, { recursive: true }));
export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Writes each `name: text` into `dir`. */
export async function writeResults(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

/** One macrotask turn: the virtual clock moves only after it (every microtask has run). */
export const macrotaskTurn = (): Promise<void> => setImmediate();
