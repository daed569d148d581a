/** The target's etc/passwd and etc/group, read as getpwnam/getgrnam inside the target would. */
import type { TargetFs } from './ports.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}
export interface GroupEntry {
  name: string;
  gid: number;
}

async function readLines(fs: TargetFs, path: string): Promise<string[][]> {
  const st = await fs.lstat(path);
  if (st?.kind !== 'file') return [];
  const text = new TextDecoder().decode(await fs.readFile(path));
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

export async function lookupUser(fs: TargetFs, name: string): Promise<PasswdEntry | undefined> {
  for (const f of await readLines(fs, '/etc/passwd')) {
    if (f[0] === name && f.length >= 6) return { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '' };
  }
  return undefined;
}

export async function lookupGroup(fs: TargetFs, name: string): Promise<GroupEntry | undefined> {
  for (const f of await readLines(fs, '/etc/group')) {
    if (f[0] === name && f.length >= 3) return { name, gid: Number(f[2]) };
  }
  return undefined;
}
