/**
 * The export names of every door of src/ (each area's index.ts, and each
 * folder of src/adapters's: scripts/check-layers.ts), one sorted list per
 * door; a name only a type is written `type NAME`. test/scripts/door-exports.test.ts
 * compares them with the committed snapshot, so that a change to what an area
 * offers the others is made on purpose.
 * Usage: tsx scripts/door-exports.ts [--write]   (prints the lists as JSON;
 *   --write replaces the snapshot, test/scripts/door-exports.snapshot.json)
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const SNAPSHOT = 'test/scripts/door-exports.snapshot.json';

/** The door index files under ROOT/src, as paths relative to ROOT with `/`. */
export function doorFiles(root: string): string[] {
  const src = join(root, 'src');
  const out: string[] = [];
  for (const area of readdirSync(src, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    const folders =
      area.name === 'adapters'
        ? readdirSync(join(src, area.name), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join(area.name, d.name))
        : [area.name];
    for (const folder of folders) {
      const index = join(src, folder, 'index.ts');
      if (existsSync(index)) out.push(relative(root, index).split(sep).join('/'));
    }
  }
  return out.sort();
}

/** Each door's export names, sorted; `type NAME` for a name that is only a type. */
export function doorExports(root: string): Record<string, string[]> {
  const files = doorFiles(root);
  const program = ts.createProgram(
    files.map((f) => join(root, f)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const file of files) {
    const sf = program.getSourceFile(join(root, file));
    const module = sf && checker.getSymbolAtLocation(sf);
    out[file] = (module ? checker.getExportsOfModule(module) : [])
      .map((sym) => {
        const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        return target.flags & ts.SymbolFlags.Value ? sym.name : `type ${sym.name}`;
      })
      .sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')) || a.localeCompare(b));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const text = `${JSON.stringify(doorExports(root), null, 2)}\n`;
  if (process.argv.includes('--write')) {
    writeFileSync(join(root, SNAPSHOT), text);
    console.log(`door-exports: wrote ${SNAPSHOT}`);
  } else process.stdout.write(text);
}
