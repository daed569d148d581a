/**
 * The names the package file store accepts (package-files.ts): a package id
 * is a lowercase UUID (the update repository makes them); a file name is one
 * plain name that can be a URL path segment and a file in one directory.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longest file name in bytes (UTF-8), as Linux file systems take. */
export const MAX_FILENAME_BYTES = 255;

export const isPackageId = (id: string): boolean => UUID.test(id);

/**
 * Why `name` may not be a stored file's name, or undefined when it may. Refused:
 * empty, over 255 bytes of UTF-8, a `/` or `\`, a leading `.` (so `.`, `..`, and
 * the store's own `.upload-*` temporary files can never be named), a control,
 * format or unassigned character (NUL, newlines, U+200B, lone surrogates…).
 */
export function invalidFilename(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (new TextEncoder().encode(name).length > MAX_FILENAME_BYTES) return `is longer than ${MAX_FILENAME_BYTES} bytes`;
  if (/[/\\]/.test(name)) return 'holds a / or \\ (it must be a plain file name)';
  if (name.startsWith('.')) return 'starts with a dot';
  if (/\p{C}/u.test(name)) return 'holds a control or unprintable character';
  return undefined;
}
