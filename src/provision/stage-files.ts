/**
 * The files stage's filesystem entries (Ignition 2.x internal/exec/stages/files):
 * directories, files and symlinks sorted by depth (stable), hard links last;
 * each path resolved through the target's symlinks first; overwrite removes
 * what is there; otherwise an existing node must fit. Fetched contents stream
 * to the target, never whole in memory.
 */
import { AppError } from '../core/index.js';
import { pathClean } from '../go/index.js';
import type { DirSpec, EngineConfig, FileSpec, LinkSpec, Resource } from './config-shape.js';
import { explicitOwner, mkdirAll, setPermissions } from './node-ops.js';
import type { ProvisionPorts } from './ports.js';
import { inlineBytes, isInline, resourceChunks, type FetchContext } from './resource.js';
import type { RunLog } from './run-log.js';
import { depth, dirname, resolveFull, resolveParents } from './target-path.js';

export type Entry =
  | { kind: 'directory'; path: string; spec: DirSpec }
  | { kind: 'file'; path: string; spec: FileSpec }
  | { kind: 'link'; path: string; spec: LinkSpec };

const fail = (msg: string) => new AppError('PROVISION_OPERATION_FAILED', msg);

/** The entries in Ignition's creation order; paths are not yet resolved. */
export function orderEntries(cfg: EngineConfig): Entry[] {
  const s = cfg.storage ?? {};
  const main: Entry[] = [
    ...(s.directories ?? []).map((d): Entry => ({ kind: 'directory', path: d.path, spec: d })),
    ...(s.files ?? []).map((f): Entry => ({ kind: 'file', path: f.path, spec: f })),
    ...(s.links ?? []).filter((l) => l.hard !== true).map((l): Entry => ({ kind: 'link', path: l.path, spec: l })),
  ];
  const hard = (s.links ?? [])
    .filter((l) => l.hard === true)
    .map((l): Entry => ({ kind: 'link', path: l.path, spec: l }));
  // Each depth once (not in every comparison).
  const sorted = main
    .map((e, i) => ({ e, i, d: depth(e.path) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.e);
  return [...sorted, ...hard];
}

export async function runFilesEntries(
  cfg: EngineConfig,
  ports: ProvisionPorts,
  log: RunLog,
  ctx: FetchContext = {},
): Promise<void> {
  const entries = orderEntries(cfg);
  const seen = new Map<string, string>();
  const resolved: Entry[] = [];
  // Nothing is written until every path is resolved: a directory's resolution holds for all its entries.
  const memo = new Map<string, string[]>();
  for (const e of entries) {
    const path = await resolveParents(ports.fs, e.path, memo);
    const other = seen.get(path);
    if (other !== undefined) {
      throw fail(
        `${e.kind} at ${e.path} resolved to ${path} after symlink chasing, but another entry with path ${other} also resolves there`,
      );
    }
    seen.set(path, e.path);
    resolved.push({ ...e, path } as Entry);
  }
  // Directories this stage has made or found (mkdirAll), so a file's parent is not looked at again for every file;
  // what overwrite removes is forgotten. (A parent gone by other hands makes the write fail: it is never followed.)
  const dirs = new Set<string>();
  for (const e of resolved) {
    const label =
      e.kind === 'link'
        ? `writing link "${e.spec.path}" -> "${e.spec.target ?? ''}"`
        : e.kind === 'file'
          ? `writing file "${e.spec.path}"`
          : `creating directory "${e.spec.path}"`;
    await log.op('files', label, async () => {
      if (e.spec.overwrite === true) {
        await ports.fs.removeAll(e.path);
        // A directory known below e.path means e.path is known too (its parents are added with it).
        if (dirs.has(e.path)) for (const d of dirs) if (d === e.path || d.startsWith(`${e.path}/`)) dirs.delete(d);
      }
      if (e.kind === 'directory') await createDirectory(ports, e.path, e.spec);
      else if (e.kind === 'file') await createFile(ports, e.path, e.spec, ctx, dirs);
      else await createLink(ports, e.path, e.spec);
    });
  }
}

async function createDirectory(ports: ProvisionPorts, path: string, d: DirSpec): Promise<void> {
  const st = await ports.fs.lstat(path);
  if (st === undefined) await mkdirAll(ports.fs, path);
  else if (st.kind !== 'dir')
    throw fail(`error creating directory ${d.path}: A non-directory already exists and overwrite is false`);
  await setPermissions(ports.fs, path, d.mode, d);
}

async function createFile(
  ports: ProvisionPorts,
  path: string,
  f: FileSpec,
  ctx: FetchContext,
  dirs: Set<string> = new Set(),
): Promise<void> {
  const { fs } = ports;
  // A new file from a short data: URL, its owner known: made in one operation
  // that also looks whether something is there (then the errors below).
  const given = f.contents?.source !== undefined && f.contents.source !== null ? f.contents : undefined;
  if (given !== undefined && (f.append ?? []).length === 0 && fs.writeNewFile && isInline(given, ctx)) {
    const owner = await explicitOwner(fs, f);
    if (owner !== false) {
      await knownDir(fs, dirname(path), dirs);
      const there = await fs.writeNewFile(path, () => inlineBytes(given, ports.codec, ctx)!, {
        ...owner,
        mode: f.mode ?? undefined,
      });
      if (there === undefined) return;
      throw there.kind !== 'file'
        ? fail(`error creating file "${f.path}": A non regular file exists there already and overwrite is false`)
        : fail(`error creating file "${f.path}": A file exists there already and overwrite is false`);
    }
  }
  const st = await fs.lstat(path);
  let contents: Resource | undefined =
    f.contents?.source !== undefined && f.contents.source !== null ? f.contents : undefined;
  if (st === undefined && contents === undefined) contents = { source: '' };
  else if (st !== undefined && st.kind !== 'file')
    throw fail(`error creating file "${f.path}": A non regular file exists there already and overwrite is false`);
  else if (st !== undefined && contents !== undefined)
    throw fail(`error creating file "${f.path}": A file exists there already and overwrite is false`);
  // As Ignition's PerformFetch: each resource in turn (contents, then every
  // append) streams into a temporary file beside the path, is verified as it
  // goes, and replaces or extends the file only once it is complete.
  if (contents !== undefined && (f.append ?? []).length === 0) {
    // A new file from one resource: its owner and mode go on the temporary
    // file before it takes the path, which is what setPermissions would leave
    // (the default owner of a file just made is its own). A user or group name
    // missing from the target takes the general path, which reports it after
    // writing, as Ignition does.
    const owner = await explicitOwner(fs, f);
    if (owner !== false) {
      await knownDir(fs, dirname(path), dirs);
      const attrs = { ...owner, mode: f.mode ?? undefined };
      // A short data: URL in hand: no stream (its errors are the stream's, thrown before the write as the stream's would be during it).
      const bytes = inlineBytes(contents, ports.codec, ctx);
      if (bytes !== undefined) await fs.writeFile(path, bytes, attrs);
      else await fs.writeFileFrom(path, resourceChunks(contents, ports.fetcher, ports.codec, ctx), attrs);
      return;
    }
  }
  const ops: { res: Resource; append: boolean }[] = [
    ...(contents ? [{ res: contents, append: false }] : []),
    ...(f.append ?? []).map((a) => ({ res: a, append: true })),
  ];
  for (const op of ops) {
    await mkdirAll(fs, dirname(path));
    const chunks = resourceChunks(op.res, ports.fetcher, ports.codec, ctx);
    if (op.append) await fs.appendFileFrom(path, chunks);
    else await fs.writeFileFrom(path, chunks);
  }
  await setPermissions(fs, path, f.mode, f);
}

/** mkdirAll, once per directory of the stage (`dirs`: made or found, each with its parents). */
async function knownDir(fs: ProvisionPorts['fs'], dir: string, dirs: Set<string>): Promise<void> {
  if (dirs.has(dir)) return;
  await mkdirAll(fs, dir);
  for (let d = dir; d !== '/' && !dirs.has(d); d = dirname(d)) dirs.add(d);
}

async function createLink(ports: ProvisionPorts, path: string, l: LinkSpec): Promise<void> {
  const { fs } = ports;
  const target = l.target ?? '';
  const st = await fs.lstat(path);
  if (st !== undefined) {
    if (l.hard === true) {
      const tp = await resolveParents(fs, target);
      const tst = await fs.lstat(tp);
      if (!tst) throw fail(`error creating hard link ${l.path}: target does not exist`);
      if (tst.id !== st.id)
        throw fail(
          `error creating hard link ${l.path}: a file already exists at that path but is not the target and overwrite is false`,
        );
      return;
    }
    if (st.kind === 'symlink') {
      const existing = await fs.readlink(path);
      if (pathClean(existing) !== pathClean(target)) {
        throw fail(
          `error creating symlink ${l.path}: a symlink exists at that path but points to ${existing}, not ${target} and overwrite is false`,
        );
      }
      return;
    }
    throw fail(`error creating symlink ${l.path}: a non-symlink already exists at that path and overwrite is false`);
  }
  await mkdirAll(fs, dirname(path));
  if (l.hard === true) {
    const tp = await resolveParents(fs, target);
    if (!(await fs.lstat(tp))) throw fail(`error creating hard link ${l.path}: target ${target} does not exist`);
    await fs.link(tp, path);
    return;
  }
  await fs.symlink(target, path);
  await setPermissions(fs, path, undefined, l);
}

/** filepath.Clean for either kind of link target. */

export { resolveFull };
