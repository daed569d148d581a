/**
 * Enforces the dependency direction of docs/architecture.md on src/:
 *   - which areas of src/ an area may import;
 *   - one area enters another only through its door, the area's index.ts
 *     (each folder of src/adapters is an area of its own for this rule:
 *     src/adapters/node/index.ts, src/adapters/db/index.ts, ...); inside an
 *     area, modules import each other directly;
 *   - which npm packages an area may import (drivers only in adapters);
 *   - node:* built-ins only in src/adapters;
 *   - argv/env/exit/printing/cwd (process.argv, process.env, process.exit,
 *     process.stdout/stderr/stdin, process.cwd/chdir, console.*) only in
 *     src/cli and src/http; the pure areas and engines use no `process` and
 *     no `Buffer` at all. Read from the syntax tree, so `process['env']`,
 *     `const p = process` and a bare `process` passed along count too; a
 *     local binding of the same name does not.
 * Test files (*.test.ts) are exempt: they are not shipped.
 * Usage: tsx scripts/check-layers.ts [ROOT]   (ROOT defaults to the repo)
 * Prints one line per violation, `file:line: message`, and exits 1 if any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PURE = ['core', 'go', 'source', 'ignition'];
const ENGINES = ['provision', 'disk', 'update', 'reboot', 'sim', 'journal', 'cluster', 'netboot'];

interface Rule {
  /** Areas of src/ this area may import (itself is always allowed). */
  areas: readonly string[] | 'any';
  /** npm packages this area may import. */
  packages: readonly string[] | 'any';
  nodeBuiltins: boolean;
  processIo: boolean;
}

/**
 * The door area of a path under src/ (its parts): the top folder, except that
 * each folder of src/adapters is an area of its own. Another area imports from
 * it only through `<door>/index.ts`.
 */
export function doorOf(parts: readonly string[]): string {
  return parts[0] === 'adapters' && parts.length > 2 ? `adapters/${parts[1]}` : parts[0]!;
}

const ENGINE_EDGES: Record<string, readonly string[]> = {
  provision: ['disk'],
  update: ['disk'],
  sim: ['update', 'reboot', 'disk'],
};

export const RULES: Record<string, Rule> = {
  core: { areas: [], packages: [], nodeBuiltins: false, processIo: false },
  go: { areas: ['core'], packages: [], nodeBuiltins: false, processIo: false },
  source: { areas: ['core', 'go'], packages: ['yaml'], nodeBuiltins: false, processIo: false },
  ignition: { areas: ['core', 'go', 'source'], packages: [], nodeBuiltins: false, processIo: false },
  transpile: { areas: [...PURE], packages: [], nodeBuiltins: false, processIo: false },
  ...Object.fromEntries(
    ENGINES.map((e) => [
      e,
      {
        areas: [...PURE, ...(ENGINE_EDGES[e] ?? [])],
        packages: ['fast-xml-parser', 'protobufjs', 'seek-bzip'],
        nodeBuiltins: false,
        processIo: false,
      },
    ]),
  ),
  adapters: { areas: [...PURE, 'transpile', ...ENGINES], packages: 'any', nodeBuiltins: true, processIo: false },
  http: {
    areas: [...PURE, 'transpile', ...ENGINES, 'adapters'],
    packages: [
      'fastify',
      '@fastify/helmet',
      '@fastify/static',
      '@fastify/swagger',
      '@sinclair/typebox',
      'prom-client',
      'pino',
    ],
    nodeBuiltins: false,
    processIo: true,
  },
  cli: { areas: 'any', packages: ['commander', 'pino'], nodeBuiltins: false, processIo: true },
};

/** The members of `process` that are argv, environment, exit, printing or the working directory. */
const PROCESS_IO = new Set(['argv', 'env', 'exit', 'exitCode', 'stdout', 'stderr', 'stdin', 'cwd', 'chdir']);
const BUILTINS = new Set(builtinModules);

export interface Violation {
  file: string;
  line: number;
  message: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface GlobalUse {
  readonly name: 'process' | 'console' | 'Buffer';
  /** The member read (`process.env`, `process['env']`), when the use is one. */
  readonly member: string | undefined;
  /** As written, for the message: `process.env`, `console.log`, `process`. */
  readonly text: string;
  readonly pos: number;
}

const WATCHED = new Set(['process', 'console', 'Buffer']);

/** Names bound anywhere in the file (imports, variables, parameters, functions, classes): those shadow the globals. */
function localNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (
      (ts.isVariableDeclaration(n) ||
        ts.isParameter(n) ||
        ts.isFunctionDeclaration(n) ||
        ts.isClassDeclaration(n) ||
        ts.isImportSpecifier(n) ||
        ts.isImportClause(n) ||
        ts.isNamespaceImport(n) ||
        ts.isBindingElement(n)) &&
      n.name &&
      ts.isIdentifier(n.name)
    ) {
      names.add(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/** Every reference to the global `process`, `console` or `Buffer` in a file. */
function globalUses(file: string, text: string): GlobalUse[] {
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const shadowed = localNames(sf);
  const out: GlobalUse[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && WATCHED.has(n.text) && !shadowed.has(n.text)) {
      const p = n.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        (ts.isPropertyAssignment(p) && p.name === n) ||
        ts.isPropertySignature(p) ||
        ts.isMethodDeclaration(p) ||
        ts.isPropertyDeclaration(p) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        ts.isTypeReferenceNode(p) ||
        ts.isTypeQueryNode(p);
      if (!isName) {
        let member: string | undefined;
        if (ts.isPropertyAccessExpression(p) && p.expression === n) member = p.name.text;
        else if (ts.isElementAccessExpression(p) && p.expression === n && ts.isStringLiteralLike(p.argumentExpression))
          member = p.argumentExpression.text;
        const name = n.text as GlobalUse['name'];
        out.push({ name, member, text: member === undefined ? name : `${name}.${member}`, pos: n.getStart(sf) });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function checkLayers(root: string): Violation[] {
  const srcDir = join(root, 'src');
  const violations: Violation[] = [];
  for (const file of walk(srcDir)) {
    const rel = relative(root, file).split(sep).join('/');
    const area = relative(srcDir, file).split(sep)[0]!;
    const rule = RULES[area];
    const text = readFileSync(file, 'utf8');
    const report = (offset: number, message: string) =>
      violations.push({ file: rel, line: lineOf(text, offset), message });
    if (!rule) {
      report(0, `src/${area} is not an area of docs/architecture.md (add it to scripts/check-layers.ts)`);
      continue;
    }
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        const targetRel = relative(srcDir, target).split(sep);
        if (targetRel[0] === '..') {
          report(ref.pos, `imports '${spec}' from outside src/`);
          continue;
        }
        const targetArea = targetRel[0]!;
        if (targetArea !== area && rule.areas !== 'any' && !rule.areas.includes(targetArea)) {
          report(ref.pos, `src/${area} may not import src/${targetArea} ('${spec}')`);
        } else {
          const door = doorOf(targetRel);
          const depth = door.split('/').length;
          if (
            door !== doorOf(relative(srcDir, file).split(sep)) &&
            !(targetRel.length === depth + 1 && /^index(\.[cm]?[jt]sx?)?$/.test(targetRel[depth]!))
          ) {
            report(ref.pos, `src/${door} is entered only through src/${door}/index.ts ('${spec}')`);
          }
        }
      } else if (spec.startsWith('node:') || BUILTINS.has(packageName(spec))) {
        if (!rule.nodeBuiltins) report(ref.pos, `only src/adapters may import Node built-ins ('${spec}')`);
      } else {
        const pkg = packageName(spec);
        if (rule.packages !== 'any' && !rule.packages.includes(pkg)) {
          report(ref.pos, `src/${area} may not import the package '${pkg}'`);
        }
      }
    }
    if (!rule.processIo) {
      const platformFree = !rule.nodeBuiltins;
      for (const use of globalUses(file, text)) {
        if (use.name === 'console')
          report(use.pos, `only src/cli and src/http may use ${use.text} (argv, env, exit, printing)`);
        else if (use.name === 'Buffer') {
          if (platformFree) report(use.pos, `src/${area} is platform-free: no Buffer (use Uint8Array)`);
        } else if (platformFree) report(use.pos, `src/${area} is platform-free: no ${use.text}`);
        else if (use.member === undefined || PROCESS_IO.has(use.member))
          report(use.pos, `only src/cli and src/http may use ${use.text} (argv, env, exit, printing)`);
      }
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkLayers(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length > 0) {
    console.error(`check-layers: ${violations.length} violation(s)`);
    process.exit(1);
  }
  console.log('check-layers: ok');
}
