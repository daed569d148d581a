import type { JsonPath } from '../../../core/index.js';
import { v2Message } from './messages.js';
import type { V2Contents, V2Node, V2Owner } from './shape.js';
import { absolute, type V2Walk } from './walker.js';

const S = ['storage'];

function owner(w: V2Walk, o: V2Owner | undefined, at: JsonPath): void {
  if (w.f.ownerIdNameConflict && o !== undefined && o.id !== undefined && o.name !== undefined && o.name !== '')
    w.structValidate(at, () => w.sink.error('IGN_ID_AND_NAME', at));
}

/** Node fields: filesystem, group, overwrite, path, user. */
function node(w: V2Walk, n: V2Node, at: JsonPath): void {
  if (w.f.fieldValidators && n.filesystem === '')
    w.sink.error('IGN_NO_FILESYSTEM', [...at, 'filesystem'], v2Message('IGN_NO_FILESYSTEM'));
  owner(w, n.group, [...at, 'group']);
  if (!absolute(n.path)) w.sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], v2Message('IGN_PATH_NOT_ABSOLUTE'));
  owner(w, n.user, [...at, 'user']);
}

function mode(w: V2Walk, m: number | undefined, at: JsonPath): void {
  if (m !== undefined && (m < 0 || m > 0o7777)) w.sink.error('IGN_MODE_ILLEGAL', at);
  if (w.f.permissionsUnsetWarning && m === undefined)
    w.sink.warn('IGN_PERMISSIONS_UNSET', at, v2Message('IGN_PERMISSIONS_UNSET'));
}

function contents(w: V2Walk, c: V2Contents, at: JsonPath): void {
  if (c.compression !== '' && c.compression !== 'gzip') w.sink.error('IGN_COMPRESSION_INVALID', [...at, 'compression']);
  w.url(c.source, [...at, 'source'], w.f.namedMessages);
  w.headers(c, at);
  w.verification(c.verification, [...at, 'verification']);
}

/** `storage.directories`. */
export function checkDirectories(w: V2Walk): void {
  (w.cfg.storage.directories ?? []).forEach((d, i) => {
    const at = [...S, 'directories', i];
    node(w, d, at);
    mode(w, d.mode, [...at, 'mode']);
  });
}

/** `storage.files` (2.0: File.Validate, then filesystem, path, contents, mode, user, group). */
export function checkFiles(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.storage.files.forEach((file, i) => {
    const at = [...S, 'files', i];
    if (f.appendOverwriteConflict && file.overwrite === true && file.append === true)
      return void w.structValidate(at, () =>
        sink.error('IGN_APPEND_AND_OVERWRITE', at, v2Message('IGN_APPEND_AND_OVERWRITE')),
      );
    if (!f.fieldValidators) {
      if (file.filesystem === '')
        return void w.structValidate(at, () => sink.error('IGN_NO_FILESYSTEM', at, v2Message('IGN_NO_FILESYSTEM')));
      if (!absolute(file.path))
        sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], v2Message('IGN_PATH_NOT_ABSOLUTE'));
      contents(w, file.contents, [...at, 'contents']);
      return mode(w, file.mode, [...at, 'mode']);
    }
    node(w, file, at);
    contents(w, file.contents, [...at, 'contents']);
    mode(w, file.mode, [...at, 'mode']);
  });
}

/** `storage.links`. */
export function checkLinks(w: V2Walk): void {
  (w.cfg.storage.links ?? []).forEach((l, i) => node(w, l, [...S, 'links', i]));
}
