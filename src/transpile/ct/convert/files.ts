import type { JsonPath } from '../../../core/index.js';
import { ct } from '../messages.js';
import { goUrlParseError, goUrlString } from '../../../go/index.js';
import { ctDataUrl, ctDataUrlString } from '../data-url.js';
import type { Clc } from '../decode.js';
import { type ConvertContext, type Obj, verification } from './context.js';

/** What files, directories and links share: filesystem, path, overwrite, owner. */
function node(ctx: ConvertContext, n: Clc, from: JsonPath, to: JsonPath): Obj {
  const o: Obj = {
    filesystem: n['filesystem'] === '' ? 'root' : n['filesystem'],
    path: n['path'],
    overwrite: n['overwrite'],
  };
  for (const k of ['user', 'group'] as const) {
    const u = n[k] as Clc | undefined;
    if (u !== undefined) o[k] = { id: u['id'], name: u['name'] };
  }
  ctx.ts
    .add(from, to)
    .addIdentity(from, to, ['filesystem', 'path', 'overwrite', 'user', 'group', 'mode'])
    .addIdentity([...from, 'user'], [...to, 'user'], ['id', 'name'])
    .addIdentity([...from, 'group'], [...to, 'group'], ['id', 'name']);
  return o;
}

/** `storage.files`, `storage.directories`, `storage.links`. Files go to `ctx.files` (update.conf joins them later). */
export function convertFiles(ctx: ConvertContext): void {
  const { ts, opts, files } = ctx;
  const storage = ctx.cfg['storage'] as Clc;
  (storage['files'] as Clc[]).forEach((f, i) => {
    const from: JsonPath = ['storage', 'files', i];
    const to: JsonPath = ['storage', 'files', files.length];
    const c = f['contents'] as Clc;
    const remote = c['remote'] as Clc;
    let source: string | undefined;
    let sourceFrom: JsonPath = [...from, 'contents'];
    if (c['inline'] !== '') {
      source = ctDataUrlString(c['inline'] as string);
      sourceFrom = [...from, 'contents', 'inline'];
    }
    if (c['local'] !== '') {
      const at: JsonPath = [...from, 'contents', 'local'];
      if (opts.readLocal === undefined) {
        ctx.issues.push(ct.error('CT_LOCAL_NO_FILES_DIR', at));
        return;
      }
      const r = opts.readLocal(c['local'] as string);
      if (!r.ok) {
        ctx.issues.push(ct.error(r.code ?? 'CT_LOCAL_READ_FAILED', at, { error: r.error }));
        return;
      }
      source = ctDataUrl(r.data);
      sourceFrom = at;
    }
    if (remote['url'] !== '') {
      const err = goUrlParseError(remote['url'] as string);
      if (err !== undefined) {
        ctx.issues.push(ct.error('CT_URL_INVALID', [...from, 'contents', 'remote', 'url'], { error: err }));
        return;
      }
      source = goUrlString(remote['url'] as string); // ct writes url.Parse(x).String()
      sourceFrom = [...from, 'contents', 'remote', 'url'];
    }
    const o = node(ctx, f, from, to);
    o['append'] = f['append'];
    o['contents'] = {
      compression: remote['compression'],
      source: source ?? 'data:,',
      verification: verification(remote['verification'] as Clc),
    };
    o['mode'] = f['mode'] ?? 0o644;
    ts.add([...from, 'append'], [...to, 'append'])
      .add([...from, 'contents'], [...to, 'contents'])
      .add(sourceFrom, [...to, 'contents', 'source'])
      .add([...from, 'contents', 'remote', 'compression'], [...to, 'contents', 'compression'])
      .add([...from, 'contents', 'remote', 'verification'], [...to, 'contents', 'verification'])
      .add([...from, 'contents', 'remote', 'verification', 'hash'], [...to, 'contents', 'verification', 'hash']);
    files.push(o);
  });
  const dirs = (storage['directories'] as Clc[]).map((d, i) => {
    const o = node(ctx, d, ['storage', 'directories', i], ['storage', 'directories', i]);
    o['mode'] = d['mode'] ?? 0o755;
    return o;
  });
  const links = (storage['links'] as Clc[]).map((l, i) => {
    const o = node(ctx, l, ['storage', 'links', i], ['storage', 'links', i]);
    o['hard'] = l['hard'];
    o['target'] = l['target'];
    ts.addIdentity(['storage', 'links', i], ['storage', 'links', i], ['hard', 'target']);
    return o;
  });
  if (dirs.length > 0) ctx.out.storage['directories'] = dirs;
  if (links.length > 0) ctx.out.storage['links'] = links;
}
