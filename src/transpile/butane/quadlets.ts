/**
 * `systemd.quadlets[]` (experimental specs, base/v0_8_exp processQuadlets):
 * each becomes a 0644 file under /etc/containers/systemd/ (rootful) or
 * /etc/containers/systemd/users/, drop-ins under `<name>.d/`; a template
 * instance (`web@8080.container`) becomes a symlink to its template
 * (`web@.container`).
 */
import type { Issue, JsonPath } from '../../core/index.js';
import { pathJoin } from '../../go/index.js';
import { makeDataUrl, utf8 } from '../data-url.js';
import type { TranslationSet } from '../translation-set.js';
import { butaneIssue } from './messages.js';
import type { BObject, BValue } from './decode.js';
import type { ButanePorts } from './ports.js';
import { readLocal } from './resource.js';

type Node = Record<string, unknown> & { path: string };
const obj = (v: BValue | undefined): BObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const list = (v: BValue | undefined): BValue[] => (Array.isArray(v) ? v : []);

/** `foo@bar.container` → `foo@.container`; undefined for anything that is not a template instance. */
export function templateOf(name: string): string | undefined {
  const at = name.indexOf('@');
  if (at < 0) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || at + 1 === dot) return undefined;
  return `${name.slice(0, at)}@.${name.slice(dot + 1)}`;
}

const quadletPath = (rootful: boolean, name: string): string => {
  const base = rootful ? '/etc/containers/systemd' : '/etc/containers/systemd/users';
  // path.Join: a name with slashes or dots is cleaned the same way.
  return pathJoin(base, name);
};

export function processQuadlets(
  butane: BObject,
  config: Record<string, unknown>,
  ts: TranslationSet,
  ports: ButanePorts,
  issues: Issue[],
): void {
  const quadlets = list(obj(butane.systemd).quadlets);
  if (quadlets.length === 0) return;
  const storage = (config.storage ?? {}) as Record<string, unknown>;
  config.storage = storage;
  const files = (storage.files ??= []) as Node[];
  const dirs = (storage.directories ??= []) as Node[];
  const links = (storage.links ??= []) as Node[];
  const exists = (p: string): boolean => [files, dirs, links].some((l) => l.some((n) => n.path === p));
  ts.add(['systemd', 'quadlets'], ['storage']);

  const addFile = (local: BValue | undefined, inline: BValue | undefined, dest: string, at: JsonPath): void => {
    if (exists(dest)) {
      issues.push(butaneIssue.error('BUTANE_NODE_EXISTS', at));
      return;
    }
    const file: Node = { path: dest };
    const i = files.length;
    files.push(file);
    if (i === 0) ts.add(at, ['storage', 'files']);
    ts.addFromCommonSource(at, ['storage', 'files', i], file);
    ts.add([...at, 'name'], ['storage', 'files', i, 'path']);
    let data: Uint8Array = new Uint8Array();
    let contentPath: JsonPath = at;
    if (typeof local === 'string' && local !== '') {
      contentPath = [...at, 'contents_local'];
      const r = readLocal(local, contentPath, ports);
      if (r.issue !== undefined) {
        issues.push(r.issue);
        return;
      }
      data = r.data!;
    }
    if (typeof inline === 'string' && inline !== '') {
      contentPath = [...at, 'contents'];
      data = utf8(inline);
    }
    const url = makeDataUrl(data, undefined, ports.gzip);
    file.contents = { compression: url.compression, source: url.url };
    ts.add(contentPath, ['storage', 'files', i, 'contents', 'source']);
    ts.add(at, ['storage', 'files', i, 'contents', 'compression']);
    ts.add(contentPath, ['storage', 'files', i, 'contents']);
    file.mode = 0o644;
    ts.add(at, ['storage', 'files', i, 'mode']);
  };

  quadlets.forEach((raw, n) => {
    const q = obj(raw);
    const at: JsonPath = ['systemd', 'quadlets', n];
    const name = String(q.name ?? '');
    const rootful = q.rootful === true;
    const dest = quadletPath(rootful, name);
    const template = templateOf(name);
    if (template !== undefined) {
      if (exists(dest)) issues.push(butaneIssue.error('BUTANE_NODE_EXISTS', at));
      else {
        const link: Node = { path: dest, target: template };
        const i = links.length;
        links.push(link);
        if (i === 0) ts.add(at, ['storage', 'links']);
        ts.addFromCommonSource(at, ['storage', 'links', i], link);
        ts.add([...at, 'name'], ['storage', 'links', i, 'path']);
        ts.add(at, ['storage', 'links', i, 'target']);
      }
    } else addFile(q.contents_local, q.contents, dest, at);
    list(q.dropins).forEach((d, k) => {
      const dropin = obj(d);
      addFile(dropin.contents_local, dropin.contents, `${dest}.d/${String(dropin.name ?? '')}`, [...at, 'dropins', k]);
    });
  });
}
