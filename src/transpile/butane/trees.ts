/**
 * `storage.trees[]`: a local directory becomes files (mode 0755 when any
 * execute bit is set, else 0644, unless `file_mode`), links (target as
 * written) and, when `dir_mode`/`user`/`group` ask for it, directories.
 * An existing entry without contents/target is filled in (base/v0_N
 * processTrees/walkTree).
 */
import type { Issue, JsonPath } from '../../core/index.js';
import { pathJoin } from '../../go/index.js';
import { makeDataUrl } from '../data-url.js';
import type { TranslationSet } from '../translation-set.js';
import { butaneIssue } from './messages.js';
import type { BObject, BValue } from './decode.js';
import { cleanLocalPath } from './local-path.js';
import type { ButanePorts } from './ports.js';

type Node = Record<string, unknown> & { path: string };

const obj = (v: BValue | undefined): BObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

function owner(v: BValue | undefined): Record<string, unknown> {
  const o = obj(v);
  const out: Record<string, unknown> = {};
  if (o.id !== undefined) out.id = o.id;
  if (o.name !== undefined) out.name = o.name;
  return out;
}

export function processTrees(
  butane: BObject,
  config: Record<string, unknown>,
  ts: TranslationSet,
  ports: ButanePorts,
  issues: Issue[],
): void {
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
      issues.push(butaneIssue.error('BUTANE_NO_FILES_DIR', at));
      break;
    }
    const rel = cleanLocalPath(String(tree.local ?? ''));
    if (rel === undefined) {
      issues.push(butaneIssue.error('BUTANE_FILES_DIR_ESCAPE', at));
      continue;
    }
    const walked = ports.files.walkTree(rel);
    if (!walked.ok) {
      const code =
        walked.escape === true
          ? 'BUTANE_FILES_DIR_ESCAPE'
          : walked.notDirectory === true
            ? 'BUTANE_TREE_NOT_DIRECTORY'
            : 'BUTANE_LOCAL_READ_FAILED';
      issues.push(
        butaneIssue.error(code, at, code === 'BUTANE_LOCAL_READ_FAILED' ? { error: walked.message } : undefined),
      );
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
    /**
     * The entry of storage.files or .links at `destPath` for a tree node: the
     * config's own (unless it already has contents or a target), or a new one
     * with its translations; undefined after a BUTANE_NODE_EXISTS issue.
     */
    const claim = (
      section: 'files' | 'links',
      destPath: string,
      filled: (n: Node) => boolean,
    ): { node: Node; k: number } | undefined => {
      const list = section === 'files' ? files : links;
      const k = list.findIndex((n) => n.path === destPath);
      const found = list[k];
      if (found !== undefined ? filled(found) : exists(destPath)) {
        issues.push(butaneIssue.error('BUTANE_NODE_EXISTS', at));
        return undefined;
      }
      if (found !== undefined) return { node: found, k };
      const created = node(destPath);
      list.push(created);
      ts.addFromCommonSource(at, ['storage', section, list.length - 1], created);
      if (list.length === 1) ts.add(at, ['storage', section]);
      return { node: created, k: list.length - 1 };
    };
    for (const entry of walked.entries) {
      const destPath = pathJoin(dest, entry.rel === '' ? '.' : entry.rel);
      if (entry.kind === 'dir') {
        if (!custom) continue;
        if (exists(destPath)) {
          issues.push(butaneIssue.error('BUTANE_NODE_EXISTS', at));
          continue;
        }
        const d = { ...node(destPath), mode: tree.dir_mode ?? 0o755 };
        const k = dirs.length;
        dirs.push(d);
        ts.addFromCommonSource(at, ['storage', 'directories', k], d);
        if (k === 0) ts.add(at, ['storage', 'directories']);
      } else if (entry.kind === 'file') {
        const claimed = claim('files', destPath, (f) => {
          const source = (f.contents as Record<string, unknown> | undefined)?.source;
          return typeof source === 'string' && source !== '';
        });
        if (claimed === undefined) continue;
        const { node: file, k } = claimed;
        const read = ports.files.readFile(entry.rel === '' ? rel : rel === '' ? entry.rel : `${rel}/${entry.rel}`);
        if (!read.ok) {
          issues.push(
            read.escape === true
              ? butaneIssue.error('BUTANE_FILES_DIR_ESCAPE', at)
              : butaneIssue.error('BUTANE_LOCAL_READ_FAILED', at, { error: read.message }),
          );
          continue;
        }
        const contents = (file.contents ?? {}) as Record<string, unknown>;
        const r = makeDataUrl(
          read.data,
          typeof contents.compression === 'string' ? contents.compression : undefined,
          ports.gzip,
        );
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
        const claimed = claim('links', destPath, (l) => typeof l.target === 'string' && l.target !== '');
        if (claimed === undefined) continue;
        const { node: link, k } = claimed;
        link.target = entry.target ?? '';
        ts.add(at, ['storage', 'links', k, 'target']);
      } else {
        issues.push(butaneIssue.error('BUTANE_TREE_FILE_TYPE', at));
      }
    }
  }
}
