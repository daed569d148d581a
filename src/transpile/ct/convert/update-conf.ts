import { ctDataUrlString } from '../data-url.js';
import type { Clc } from '../decode.js';
import { type ConvertContext, putFrom } from './context.js';
import { locksmithConfLines } from './locksmith.js';
import { updateConfText } from './update.js';

/** `update` + `locksmith` → one /etc/coreos/update.conf, appended to the files. */
export function convertUpdateConf(ctx: ConvertContext): void {
  const update = ctx.cfg['update'] as Clc | undefined;
  let conf = updateConfText(update);
  const lines = locksmithConfLines(ctx.cfg['locksmith'] as Clc | undefined);
  if (lines.length > 0) conf += `\n${lines.join('\n')}`;
  if (conf === '') return;
  const f = {
    filesystem: 'root',
    path: '/etc/coreos/update.conf',
    contents: { source: ctDataUrlString(conf), verification: {} },
    mode: 0o644,
  };
  ctx.files.push(f);
  putFrom(ctx, update !== undefined ? ['update'] : ['locksmith'], ['storage', 'files', ctx.files.length - 1], f);
}
