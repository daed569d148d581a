/**
 * FLATCAR_RELEASE_VERSION from the text of a `share/flatcar/release` file
 * (KEY=value lines, as update_engine and flatcar-postinst read it; quotes
 * around the value are dropped). `undefined` when the key is absent.
 */
export function releaseVersion(text: string): string | undefined {
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const m = /^\s*FLATCAR_RELEASE_VERSION\s*=\s*(.*?)\s*$/.exec(raw);
    if (m) found = m[1]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return found;
}
