import { dirname } from 'node:path';

/**
 * A sentence for a failed file operation on `path`, instead of Node's raw
 * `ENOENT: no such file or directory, stat 'x'`. `creating`: the path was to
 * be made (a missing parent directory is then the thing to say).
 */
export function errnoText(path: string, err: unknown, opts: { creating?: boolean } = {}): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return opts.creating
        ? `cannot create ${path}: the directory ${dirname(path)} does not exist`
        : `no such file: ${path}`;
    case 'ENOTDIR':
      return `${path}: a part of the path before the last is not a directory`;
    case 'EISDIR':
      return `${path} is a directory, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path}`;
    case 'EROFS':
      return `${path} is on a read-only file system`;
    case 'ENOSPC':
      return `no space left on the file system of ${path}`;
    case 'ELOOP':
      return `${path}: too many levels of symbolic links`;
    case 'ENAMETOOLONG':
      return `${path}: the name is too long`;
    default: {
      // Node's text without its `CODE: ` prefix and its `, syscall 'path'` tail.
      const raw = err instanceof Error ? err.message : String(err);
      return `${path}: ${raw.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`;
    }
  }
}

/** The AppError code for such a failure: a missing file is NOT_FOUND, a directory given as a file USAGE, the rest IO_FAILED. */
export function errnoCode(err: unknown, opts: { creating?: boolean } = {}): 'NOT_FOUND' | 'USAGE' | 'IO_FAILED' {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'NOT_FOUND';
  if (code === 'EISDIR' && !opts.creating) return 'USAGE';
  return 'IO_FAILED';
}
