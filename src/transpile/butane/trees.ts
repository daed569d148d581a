/**
 * `storage.trees[]`: a local directory becomes files (mode 0755 when any
 * execute bit is set, else 0644, unless `file_mode`), links (target as
 * written) and, when `dir_mode`/`user`/`group` ask for it, directories.
 * An existing entry without contents/target is filled in (base/v0_N
 * processTrees/walkTree).
 */
import { errorAt, type Issue, type JsonPath } from '../../core/index.js';
import { makeDataUrl } from '../data-url.js';
import type { TranslationSet } from '../translation-set.js';
import { MSG } from './codes.js';
import type { BObject, BValue } from './decode.js';
import { cleanLocalPath } from './local-path.js';
import type { ButanePorts } from './ports.js';

type Node = Record<string, unknown> & { path: string };

const obj = (v: BValue | undefined): BObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

/** path.Join of the destination and a relative path (both slash-separated). */
function joinDest(base: string, rel: string): string {
  const parts: string[] = [];
  const abs = base.startsWith('/');
  for (const p of `${base}/${rel}`.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!abs) parts.push('..');
    } else parts.push(p);
  }
  const s = parts.join('/');
  return abs ? `/${s}` : s === '' ? '.' : s;
}

function owner(v: BValue | undefined): Record<string, unknown> {
  const o = obj(v);
  const out: Record<string, unknown> = {};
  if (o.id !== undefined) out.id = o.id;
  if (o.name !== undefined) out.name = o.name;
  return out;
}

export function processTrees(butane: BObject, config: Record<string, unknown>, ts: TranslationSet, ports: ButanePorts, issues: Issue[]): void {
  const trees = obj(butane.storage).trees;
  if (!Array.isArray(trees) || trees.length === 0) return;
  const storage = (config.storage ?? {}) as Record<string, unknown>;
  config.storage = storage;
  const files = (storage.files ??= []) as Node[];
  const dirs = (storage.directories ??= []) as Node[];
  const links = (storage.links ??= []) as Node[];
  const exists = (p: string): boolean => [files, dirs, links].some((l) => l.some((n) => n.path === p));

  for (let i = 0; i < trees.length; i++) {
    const tree = obj(trees[i]);
    const at: JsonPath = ['storage', 'trees', i];
    if (ports.files === undefined) {
      issues.push(errorAt('BUTANE_NO_FILES_DIR', at, MSG.noFilesDir));
      break;
    }
    const rel = cleanLocalPath(String(tree.local ?? ''));
    if (rel === undefined) {
      issues.push(errorAt('BUTANE_FILES_DIR_ESCAPE', at, MSG.filesDirEscape));
      continue;
    }
    const walked = ports.files.walkTree(rel);
    if (!walked.ok) {
      const code = walked.escape === true ? 'BUTANE_FILES_DIR_ESCAPE' : walked.notDirectory === true ? 'BUTANE_TREE_NOT_DIRECTORY' : 'BUTANE_LOCAL_READ_FAILED';
      const msg = walked.escape === true ? MSG.filesDirEscape : walked.notDirectory === true ? MSG.treeNotDirectory : walked.message;
      issues.push(errorAt(code, at, msg));
      continue;
    }
    const dest = typeof tree.path === 'string' && tree.path !== '' ? tree.path : '/';
    const user = owner(tree.user);
    const group = owner(tree.group);
    const custom = tree.dir_mode !== undefined || Object.keys(user).length > 0 || Object.keys(group).length > 0;
    const node = (p: string): Node => {
      const n: Node = { path: p };
      if (Object.keys(group).length > 0) n.group = group;
      if (Object.keys(user).length > 0) n.user = user;
      return n;
    };
    for (const entry of walked.entries) {
      const destPath = joinDest(dest, entry.rel === '' ? '.' : entry.rel);
      if (entry.kind === 'dir') {
        if (!custom) continue;
        if (exists(destPath)) {
          issues.push(errorAt('BUTANE_NODE_EXISTS', at, MSG.nodeExists));
          continue;
        }
        const d = { ...node(destPath), mode: tree.dir_mode ?? 0o755 };
        const k = dirs.length;
        dirs.push(d);
        ts.addFromCommonSource(at, ['storage', 'directories', k], d);
        if (k === 0) ts.add(at, ['storage', 'directories']);
      } else if (entry.kind === 'file') {
        let k = files.findIndex((f) => f.path === destPath);
        let file = files[k];
        if (file !== undefined) {
          if (typeof (file.contents as Record<string, unknown> | undefined)?.source === 'string' && (file.contents as { source: string }).source !== '') {
            issues.push(errorAt('BUTANE_NODE_EXISTS', at, MSG.nodeExists));
            continue;
          }
        } else {
          if (exists(destPath)) {
            issues.push(errorAt('BUTANE_NODE_EXISTS', at, MSG.nodeExists));
            continue;
          }
          file = node(destPath);
          k = files.length;
          files.push(file);
          ts.addFromCommonSource(at, ['storage', 'files', k], file);
          if (k === 0) ts.add(at, ['storage', 'files']);
        }
        const read = ports.files.readFile(entry.rel === '' ? rel : rel === '' ? entry.rel : `${rel}/${entry.rel}`);
        if (!read.ok) {
          issues.push(errorAt(read.escape === true ? 'BUTANE_FILES_DIR_ESCAPE' : 'BUTANE_LOCAL_READ_FAILED', at, read.escape === true ? MSG.filesDirEscape : read.message));
          continue;
        }
        const contents = (file.contents ?? {}) as Record<string, unknown>;
        const r = makeDataUrl(read.data, typeof contents.compression === 'string' ? contents.compression : undefined, ports.gzip);
        contents.source = r.url;
        ts.add(at, ['storage', 'files', k, 'contents', 'source']);
        if (r.compression !== undefined) {
          contents.compression = r.compression;
          ts.add(at, ['storage', 'files', k, 'contents', 'compression']);
        }
        file.contents = contents;
        ts.add(at, ['storage', 'files', k, 'contents']);
        if (file.mode === undefined) {
          file.mode = tree.file_mode ?? (entry.executable ? 0o755 : 0o644);
          ts.add(at, ['storage', 'files', k, 'mode']);
        }
      } else if (entry.kind === 'symlink') {
        let k = links.findIndex((l) => l.path === destPath);
        let link = links[k];
        if (link !== undefined) {
          if (typeof link.target === 'string' && link.target !== '') {
            issues.push(errorAt('BUTANE_NODE_EXISTS', at, MSG.nodeExists));
            continue;
          }
        } else {
          if (exists(destPath)) {
            issues.push(errorAt('BUTANE_NODE_EXISTS', at, MSG.nodeExists));
            continue;
          }
          link = node(destPath);
          k = links.length;
          links.push(link);
          ts.addFromCommonSource(at, ['storage', 'links', k], link);
          if (k === 0) ts.add(at, ['storage', 'links']);
        }
        link.target = entry.target ?? '';
        ts.add(at, ['storage', 'links', k, 'target']);
      } else {
        issues.push(errorAt('BUTANE_TREE_FILE_TYPE', at, MSG.fileType));
      }
    }
  }
}
