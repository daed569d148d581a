/** Go's error texts for the errno values a file read meets (syscall.Errno.Error() on Linux), and *fs.PathError's form. */

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** Go's text for an errno code (`ENOENT` → `no such file or directory`), or undefined where Hull knows none. */
export function goErrnoText(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ERRNO_TEXT[code];
}

/** *fs.PathError's Error(): `op path: text`, with `fallback` as the text where the code has no known one. */
export function goPathError(op: string, path: string, code: string | undefined, fallback: string): string {
  return `${op} ${path}: ${goErrnoText(code) ?? fallback}`;
}
