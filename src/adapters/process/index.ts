// What every CLI process may need at its start, and nothing more: writers for
// its standard output and error, whether those may be terminals, and Hull's
// own package (its root, name and version). An area of its own, so that the
// CLI's context and `hull --version` load nothing else of the adapters
// (src/adapters/node/index.ts initialises every module it exports).
export { type ChunkWriter, fdWriter, mayBeTerminal } from './fd-writer.js';
export { type PackageInfo, packageInfo } from './package-info.js';
export { packageRoot } from './package-root.js';
