/** The part of seek-bzip (no bundled types) that Hull uses: one bzip2 stream into a byte sink. */
declare module 'seek-bzip' {
  interface ByteSink {
    writeByte(byte: number): void;
  }
  const Bunzip: {
    decode(input: Uint8Array, output: ByteSink, multistream?: boolean): unknown;
  };
  export default Bunzip;
}
