import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p DIR` that always ends. Node 20's `mkdir(dir, {recursive: true})`
 * loops forever (at full CPU) where the kernel answers ENOENT for a name whose
 * parent exists, as in `/proc` (`mkdir /proc/x` is ENOENT, `/proc` is there,
 * so it retries the child for ever). Here each directory is tried once after
 * its parent, and the kernel's answer is the answer.
 */
export async function makeDir(dir: string, mode: number): Promise<void> {
  const path = resolve(dir);
  try {
    await mkdir(path, { mode });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // An existing directory is fine; anything else there is the caller's EEXIST.
      const isDir = await stat(path).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (isDir) return;
      throw err;
    }
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw err;
    await makeDir(parent, mode);
    await mkdir(path, { mode }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}
