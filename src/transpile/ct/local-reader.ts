/**
 * ct's `contents.local` reader over the files-dir port: a path leading
 * outside the directory is CT_LOCAL_ESCAPES (Hull refuses it; ct does not
 * check), a failed read is Go's os error text, as ct prints it.
 */
import type { FilesDir } from '../files-dir.js';
import type { LocalReader } from './convert/index.js';

export function ctLocalReader(files: FilesDir): LocalReader {
  return (rel) => {
    const r = files.readFile(rel);
    if (r.ok) return r;
    if (r.escape !== true) return { ok: false, error: r.message };
    const how = r.viaSymlink === true ? ' (through a symbolic link)' : '';
    return {
      ok: false,
      code: 'CT_LOCAL_ESCAPES',
      error: `local file ${JSON.stringify(rel)} is outside the files directory${how}`,
    };
  };
}
