/** The key of a (name, value) pair in the repository's value-id cache. */
export const valueKey = (name: string, value: Uint8Array): string =>
  `${name}=${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1')}`;
