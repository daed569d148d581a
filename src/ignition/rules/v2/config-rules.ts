import type { V2Node } from './shape.js';
import type { V2Walk } from './walker.js';

/** Config.Validate: nodes on filesystems the config does not define; shadowed filesystems. */
export function checkConfig(w: V2Walk): void {
  const { cfg, sink } = w;
  const names = new Set(['root', ...cfg.storage.filesystems.map((fs) => fs.name)]);
  const kinds = [
    ['files', 'File'],
    ['links', 'Link'],
    ['directories', 'Directory'],
  ] as const;
  for (const [key, label] of kinds) {
    (cfg.storage[key] ?? []).forEach((n: V2Node, i: number) => {
      if (n.filesystem === '' || names.has(n.filesystem)) return;
      sink.warn(
        'IGN_NODE_FILESYSTEM_UNDEFINED',
        ['storage', key, i, 'filesystem'],
        `${label} ${JSON.stringify(n.path)} references nonexistent filesystem ${JSON.stringify(n.filesystem)}. (This is ok if it is defined in a referenced config)`,
      );
    });
  }
  const seen = new Set(['root']);
  cfg.storage.filesystems.forEach((fs, i) => {
    if (seen.has(fs.name)) {
      sink.warn(
        'IGN_FILESYSTEM_SHADOWED',
        ['storage', 'filesystems', i, 'name'],
        `Filesystem ${JSON.stringify(fs.name)} shadows exising filesystem definition`,
      );
    }
    seen.add(fs.name);
  });
}
